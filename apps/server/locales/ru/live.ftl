# Свежие данные входящих (issue 18)
live-fetching = Загружаем ваши комментарии и сообщения…
live-syncing-comments = Загружаем комментарии…
live-syncing-messages = Загружаем сообщения…
live-new-items = { $count ->
    [one] { $count } новое событие
    [few] { $count } новых события
    [many] { $count } новых событий
   *[other] { $count } новых события
}
live-updated = Новые данные из Instagram
live-show = Показать
live-check = Проверить новые
