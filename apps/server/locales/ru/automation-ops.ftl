# Автоматизация со стороны оператора: пауза и лимиты, очередь на одобрение, журнал правила.

automation-ops-settings-h = Отправка
automation-ops-is-running = Автоматизация включена: правила отвечают на комментарии и сообщения по мере поступления.
automation-ops-is-paused = Автоматизация на паузе: новым не отвечает, запланированные ответы ждут.
automation-ops-pause = Приостановить автоматизацию
automation-ops-resume = Возобновить автоматизацию
automation-ops-paused-title = Автоматизация @{ $username } на паузе
automation-ops-paused-user = Новым комментариям и сообщениям не отвечаем, уже запланированные ответы ждут. Возобновите — ничего не потеряется.
automation-ops-paused-token = Instagram отклонил доступ к аккаунту, и автоматизация остановлена. Переподключите аккаунт на странице «Аккаунты», затем возобновите.
automation-ops-paused = Автоматизация приостановлена. Ничего не отправится, пока вы её не возобновите.
automation-ops-resumed = Автоматизация возобновлена.
automation-ops-hourly = Ответов в час, не больше
automation-ops-hourly-hint = Публичные ответы, личные ответы и сообщения в Direct вместе; от 1 до { $max } (Instagram разрешает { $max } личных ответов в час).
automation-ops-daily = Ответов в сутки, не больше
automation-ops-daily-hint = От 1 до 5 000 и не меньше часового лимита. Сверх лимита ответы ждут вашего одобрения.
automation-ops-save-caps = Сохранить лимиты
automation-ops-caps-saved = Лимиты сохранены.
automation-ops-caps-not-saved = Лимиты не сохранены; исправьте отмеченные поля.
automation-ops-not-a-number = Введите целое число.
automation-ops-hourly-out-of-range = Часовой лимит — от 1 до { $max }.
automation-ops-daily-out-of-range = Суточный лимит — от 1 до { $max }.
automation-ops-daily-below-hourly = Суточный лимит не может быть меньше часового.
automation-ops-held-link = { $count ->
    [one] { $count } ответ ждёт вашего одобрения
    [few] { $count } ответа ждут вашего одобрения
   *[other] { $count } ответов ждут вашего одобрения
}
automation-ops-ice-breaker-badge = Ледокол
automation-ops-ice-breaker-edit = Изменить ледоколы
automation-ops-log-link = Журнал «{ $name }»

automation-ops-approvals-title = Ждут одобрения
automation-ops-approvals-nav = На одобрение
automation-ops-approvals-intro = Ответы, которые правила подготовили, но не отправили: правило требует одобрения или отправка превысила бы лимит. Ничего не уйдёт, пока вы не одобрите.
automation-ops-approvals-empty = Нет ответов, ожидающих одобрения.
automation-ops-approvals-paused = Автоматизация этого аккаунта на паузе: одобренные ответы уйдут после возобновления.
automation-ops-held-count = { $count ->
    [one] { $count } ответ ждёт
    [few] { $count } ответа ждут
   *[other] { $count } ответов ждут
}
automation-ops-back-to-inbox = Входящие
automation-ops-to-rules = Правила автоматизации
automation-ops-to-settings = Пауза и лимиты
automation-ops-comment-by = { $who } прокомментировал(а)
automation-ops-message-from = { $who } написал(а)
automation-ops-someone = Кто-то
automation-ops-text-gone = (текста уже нет во входящих)
automation-ops-on-post = к публикации
automation-ops-rule = Правило
automation-ops-rule-gone = удалённое правило
automation-ops-would-send = При одобрении отправится ровно это:
automation-ops-approve = Одобрить и отправить
automation-ops-reject = Отклонить
automation-ops-approved = Одобрено: ответ отправляется.
automation-ops-rejected = Отклонено: ничего не будет отправлено.
automation-ops-gone = Этот ответ уже не ждёт: его одобрили или отклонили.
automation-ops-cap-reached = Сейчас не отправлено: { $reason }. Ответ остаётся здесь; одобрите позже или увеличьте лимит.
automation-ops-hold-approval = правило требует одобрения
automation-ops-hold-hourly-cap = сверх часового лимита
automation-ops-hold-daily-cap = сверх суточного лимита

automation-ops-log-title = Журнал
automation-ops-log-intro = Что правило сделало за последние 90 дней, сначала новые. Время — в вашем часовом поясе.
automation-ops-log-counters = Сработало { $matched } · отправлено { $sent } · ждут одобрения { $held } · с ошибкой { $failed } · ждут отправки { $pending }
automation-ops-log-empty = Правило ещё ничему не ответило.
automation-ops-log-no-more = Более старых записей нет.
automation-ops-log-sent = Что отправлено
automation-ops-log-answer = Ответ Instagram
automation-ops-log-pages = Страницы журнала
automation-ops-newer = Новее
automation-ops-older = Старше
automation-ops-page = Страница { $page }
automation-ops-page-out-of-range = Страница — от 1 до { $max }.
automation-ops-state-pending = ждёт отправки
automation-ops-state-running = отправляется
automation-ops-state-sent = отправлено
automation-ops-state-partly-failed = частично с ошибкой
automation-ops-state-failed = ошибка
automation-ops-state-skipped = пропущено (отвечать поздно)
automation-ops-state-held = ждёт одобрения
automation-ops-state-rejected = отклонено
automation-ops-action-planned = запланировано
automation-ops-action-sending = отправляется
automation-ops-action-done = выполнено
automation-ops-action-already-done = выполнено (найдено отправленным ранее)
automation-ops-action-failed = ошибка

notifications-kind-automation = Автоматизация
notifications-kind-automation-hint = Когда ответы автоматизации ждут одобрения и когда автоматизация остановилась, потому что Instagram отклонил доступ к аккаунту.
notification-automation-title = { $account }: автоматизации нужна ваша помощь
notification-automation-detail = Откройте очередь на одобрение или настройки автоматизации.
notification-automation_held-title = { $account }: { $count ->
    [one] { $count } ответ автоматизации ждёт одобрения
    [few] { $count } ответа автоматизации ждут одобрения
   *[other] { $count } ответов автоматизации ждут одобрения
}
notification-automation_held-detail = Ничего не отправится, пока вы не одобрите во входящих.
notification-automation_paused-title = { $account }: автоматизация приостановлена
notification-automation_paused-detail = Instagram отклонил доступ к аккаунту. Переподключите его и возобновите автоматизацию; ожидающие ответы сохранены.
