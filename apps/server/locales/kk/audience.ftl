# Ең қолайлы уақыттың жылу картасы, ең қолайлы уақыт батырмалары және аудитория орындарының атаулары.
audience-top-slot = { $day } { $time } · желіде { $followers ->
    [one] { $followers } жазылушы
   *[other] { $followers } жазылушы
}
audience-cell = { $when }: желіде { $followers ->
    [one] { $followers } жазылушы
   *[other] { $followers } жазылушы
}
audience-cell-none = { $when }: дерек жоқ
audience-best-slot = Жариялауға ұсынылатын уақыт: { $slot }.
audience-heatmap-note = Апта күндері мен сағаттар бойынша желідегі жазылушылардың орташа саны, сіздің уақыт белдеуіңізде ({ $zone }). Ең белсенді сағаттар жиектелген.
audience-heatmap-caption = Апта күндері мен сағаттар бойынша желідегі жазылушылар
audience-col-day = Күн
audience-legend-fewer = Азырақ
audience-legend-more = Көбірек
audience-legend-none = дерек жоқ
audience-legend-top = ең белсенді
audience-legend-text = Ұяшық неғұрлым қою болса, желіде соғұрлым көп жазылушы; әр ұяшықта саны жазылған, сызықша Instagram бұл сағат үшін ештеңе хабарламағанын білдіреді.
audience-top-title = Ең белсенді сағаттар
audience-best-times = Осы аптадағы ең қолайлы уақыт:
audience-chip = { $when }
audience-chip-title = { $when } уақытын қою (желіде шамамен { $followers } жазылушы)
