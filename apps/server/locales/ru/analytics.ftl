analytics-na = нет данных
analytics-seconds = { $value } с
analytics-error-preset = Выберите один из предложенных периодов.
analytics-error-date = «{ $value }» — не дата. Выберите дату в календаре или введите в виде ГГГГ-ММ-ДД.
analytics-error-incomplete = Для своего периода нужны и начальная, и конечная дата.
analytics-error-reversed = Начальная дата позже конечной. Поменяйте их местами и попробуйте снова.
analytics-error-too-long = В периоде { $days } дн.; можно показать не более { $max } дн. (столько хранится история подписчиков).
analytics-error-future = Конечная дата в будущем. Выберите сегодня или более ранний день.
analytics-range-7d = Последние 7 дней
analytics-range-30d = Последние 30 дней
analytics-range-90d = Последние 90 дней
analytics-range-365d = Последний год
analytics-range-all = Всё (до 729 дней)
analytics-range-custom = Свои даты
analytics-range-text = { $from } – { $to } ({ $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
})
analytics-account = Аккаунт
analytics-range = Период
analytics-from = С
analytics-to = По
analytics-custom-hint = Даты используются, когда выбран период «Свои даты». Дни считаются в вашем часовом поясе.
analytics-show = Показать
analytics-no-accounts = Подключите аккаунт Instagram, чтобы увидеть его аналитику.
analytics-no-data = За этот период пока нет данных
analytics-followers-title = Рост подписчиков
analytics-followers-start = В начале
analytics-followers-end = В конце
analytics-followers-change = Изменение
analytics-gained = Прирост по дням
analytics-lost = Отток по дням
analytics-followers-chart = Подписчики по дням
analytics-changes-title = Прирост и отток по дням
analytics-changes-chart = Изменение числа подписчиков к предыдущему дню
analytics-gaps-note = Дни без снимка остаются пустыми — мы их не додумываем.
analytics-as-table = Цифры в виде таблицы
analytics-export-followers = Скачать ряд подписчиков (CSV)
analytics-reach-title = Охват и просмотры
analytics-reach-chart = Охваченные аккаунты и просмотры по дням
analytics-posts-title = Публикации
analytics-posts-none = За этот период публикаций нет.
analytics-posts-more = Показано { $shown } из { $total } публикаций; в CSV — все.
analytics-engagement-note = Вовлечённость: лайки, комментарии, сохранения и репосты, делённые на охват.
analytics-export-posts = Скачать таблицу публикаций (CSV)
analytics-audience-title = Аудитория
analytics-audience-fetched = Обновлено
analytics-demo-age = Возраст
analytics-demo-gender = Пол
analytics-demo-country = Основные страны
analytics-demo-city = Основные города
analytics-gender-f = Женщины
analytics-gender-m = Мужчины
analytics-gender-u = Не указан
analytics-online-title = Когда подписчики в сети
analytics-online-chart = Подписчики в сети по часам суток, в вашем часовом поясе
analytics-best-time = Рекомендуемое время публикации: { $hour } (в сети около { $followers } подписчиков).
analytics-best-time-none = Пока нет рекомендации: Instagram не сообщил, когда подписчики в сети.
analytics-col-date = Дата
analytics-col-type = Тип
analytics-col-caption = Подпись
analytics-col-reach = Охват
analytics-col-views = Просмотры
analytics-col-likes = Лайки
analytics-col-comments = Комментарии
analytics-col-saves = Сохранения
analytics-col-shares = Репосты
analytics-col-watch = Ср. время просмотра
analytics-col-engagement = Вовлечённость
analytics-col-followers = Подписчики
analytics-col-change = Изменение
analytics-col-engaged = Вовлечённые аккаунты
analytics-col-interactions = Взаимодействия
analytics-col-profile = Действия в профиле
analytics-col-hour = Час
analytics-col-online = Подписчиков в сети
analytics-kind-post = Пост
analytics-kind-reel = Reels
analytics-kind-story = История
analytics-kind-carousel = Карусель
analytics-growth-30 = За 30 дней
analytics-growth-chart = Подписчики за последние 30 дней
analytics-refreshed-profile = Профиль обновлён
analytics-refreshed-followers = Число подписчиков снято
analytics-refreshed-insights = Статистика получена
analytics-open = Открыть аналитику
analytics-refreshed-inbox = Комментарии и сообщения получены
dashboard-unanswered-comments = { $count ->
    [one] { $count } комментарий без ответа
    [few] { $count } комментария без ответа
   *[many] { $count } комментариев без ответа
}
dashboard-unread-conversations = { $count ->
    [one] { $count } непрочитанная переписка
    [few] { $count } непрочитанные переписки
   *[many] { $count } непрочитанных переписок
}
analytics-weekly-note = За период больше 90 дней графики и таблицы показывают одну точку на неделю (с понедельника по воскресенье): подписчики на последний записанный день недели и изменение с прошлой недели, охват и просмотры как сумма за дни недели. В CSV есть каждый день.
analytics-schedule-then = Запланировать публикацию на это время
