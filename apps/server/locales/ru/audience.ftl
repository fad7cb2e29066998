# Тепловая карта лучшего времени, кнопки лучшего времени и названия мест аудитории.
audience-top-slot = { $day } { $time } · { $followers ->
    [one] { $followers } подписчик в сети
    [few] { $followers } подписчика в сети
    [many] { $followers } подписчиков в сети
   *[other] { $followers } подписчика в сети
}
audience-cell = { $when }: { $followers ->
    [one] { $followers } подписчик в сети
    [few] { $followers } подписчика в сети
    [many] { $followers } подписчиков в сети
   *[other] { $followers } подписчика в сети
}
audience-cell-none = { $when }: нет данных
audience-best-slot = Рекомендуемое время публикации: { $slot }.
audience-heatmap-note = Сколько подписчиков в среднем в сети по дням недели и часам, в вашем часовом поясе ({ $zone }). Самые активные часы обведены.
audience-heatmap-caption = Подписчики в сети по дням недели и часам
audience-col-day = День
audience-legend-fewer = Меньше
audience-legend-more = Больше
audience-legend-none = нет данных
audience-legend-top = самые активные
audience-legend-text = Чем темнее ячейка, тем больше подписчиков в сети; в каждой ячейке указано число, прочерк означает, что Instagram ничего не сообщил за этот час.
audience-top-title = Самые активные часы
audience-best-times = Лучшее время на этой неделе:
audience-chip = { $when }
audience-chip-title = Подставить { $when } (в сети около { $followers ->
    [one] { $followers } подписчика
   *[other] { $followers } подписчиков
})
