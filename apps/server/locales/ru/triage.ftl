nav-inbox = Входящие
triage-title = Входящие
triage-intro = { $count ->
    [one] { $count } комментарий ждёт ответа. Комментарии и сообщения всех ваших аккаунтов, сначала новые.
    [few] { $count } комментария ждут ответа. Комментарии и сообщения всех ваших аккаунтов, сначала новые.
    [many] { $count } комментариев ждут ответа. Комментарии и сообщения всех ваших аккаунтов, сначала новые.
   *[other] { $count } комментария ждут ответа. Комментарии и сообщения всех ваших аккаунтов, сначала новые.
}
triage-back = Ко входящим
triage-states = Показать
triage-state-unanswered = Без ответа
triage-state-open = Открытые
triage-state-done = Готово
triage-state-all = Все
triage-filters = Фильтр входящих
triage-search = Поиск по тексту и именам
triage-account = Аккаунт
triage-all-accounts = Все аккаунты
triage-filter-question = Только вопросы
triage-filter-hidden = Только скрытые
triage-apply = Применить
triage-post-filter = Только комментарии к публикации:
triage-clear-post = Все публикации
triage-empty-title = Здесь пусто
triage-empty-text = Нет подходящих комментариев и сообщений. Новые появятся после следующего обновления из Instagram.
triage-show-all = Показать всё
triage-select-all = Выбрать всё на странице
triage-mark-selected-done = Отметить выбранные готовыми
triage-reopen-selected = Открыть выбранные снова
triage-select-item = Выбрать сообщение от @{ $username }
triage-no-text = (без текста: вложение)
triage-badge-done = Готово
triage-badge-answered = Есть ответ
triage-badge-question = Вопрос
triage-no-caption = (без подписи)
triage-this-post = Только эта публикация
triage-open-thread = Открыть ветку
triage-open-conversation = Открыть переписку
triage-reply = Ответить
triage-reopen = Открыть снова
triage-mark-done = Готово
triage-pages = Страницы
triage-first-page = Самые новые
triage-next-page = Более ранние
triage-keys-title = Клавиши
triage-key-next = следующий элемент
triage-key-previous = предыдущий элемент
triage-key-open = открыть ветку или переписку
triage-key-reply = ответить
triage-key-done = отметить готовым (или открыть снова)
triage-key-select = выбрать элемент
triage-key-help = показать или скрыть этот список
triage-keys-note = Пока вы печатаете в поле, клавиши не действуют.
triage-all-posts = Все публикации аккаунта (чтобы прокомментировать)
triage-kind-comment = Комментарий
triage-kind-message = Сообщение
triage-kind-story-mention = Упоминание в истории
triage-kind-story-reply = Ответ на историю
triage-replies = { $count ->
    [one] { $count } ответ
    [few] { $count } ответа
    [many] { $count } ответов
   *[other] { $count } ответа
}
triage-notice-done = { $count ->
    [one] Отмечено готовым: { $count }.
    [few] Отмечено готовыми: { $count }.
    [many] Отмечено готовыми: { $count }.
   *[other] Отмечено готовыми: { $count }.
}
triage-notice-opened = { $count ->
    [one] Открыто снова: { $count }.
    [few] Открыто снова: { $count }.
    [many] Открыто снова: { $count }.
   *[other] Открыто снова: { $count }.
}
triage-notice-none = Сначала выберите хотя бы один элемент.
triage-notice-too-many = Не больше 100 элементов за раз.
triage-error-search = Поисковый запрос — не длиннее { $max } символов.
triage-error-cursor = Эта страница больше недоступна; показаны самые новые.
