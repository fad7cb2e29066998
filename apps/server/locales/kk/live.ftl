# Кіріс жәшігінің жаңа деректері (issue 18)
live-fetching = Пікірлеріңіз бен хабарламаларыңыз жүктелуде…
live-syncing-comments = Пікірлер жүктелуде…
live-syncing-messages = Хабарламалар жүктелуде…
live-new-items = { $count ->
    [one] { $count } жаңа оқиға
   *[other] { $count } жаңа оқиға
}
live-updated = Instagram-нан жаңа деректер
live-show = Көрсету
live-check = Жаңасын тексеру
