# Best-time heatmap, best-time chips and audience names (docs/analytics.md "Best time" and "Audience").
audience-top-slot = { $day } { $time } · { $followers ->
    [one] { $followers } follower online
   *[other] { $followers } followers online
}
audience-cell = { $when }: { $followers ->
    [one] { $followers } follower online
   *[other] { $followers } followers online
}
audience-cell-none = { $when }: no data
audience-best-slot = Suggested time to post: { $slot }.
audience-heatmap-note = Average followers online by weekday and hour, in your time zone ({ $zone }). The busiest hours are outlined.
audience-heatmap-caption = Followers online by weekday and hour
audience-col-day = Day
audience-legend-fewer = Fewer
audience-legend-more = More
audience-legend-none = no data
audience-legend-top = busiest
audience-legend-text = Darker cells mean more followers online; each cell shows its number, and a dash means Instagram reported nothing for that hour.
audience-top-title = Busiest hours
audience-best-times = Best times this week:
audience-chip = { $when }
audience-chip-title = Fill in { $when } (about { $followers } followers online)
