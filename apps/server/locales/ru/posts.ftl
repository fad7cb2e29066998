# Контент-менеджер (публикации): список, календарь, редактор, страница публикации.

posts-title = Контент
posts-new = Новая публикация
posts-edit-title = Изменение публикации
posts-new-title = Новая публикация
posts-post-title = Публикация
posts-list = Список
posts-calendar-month = Месяц
posts-calendar-week = Неделя
posts-prev = Назад
posts-next = Вперёд
posts-today = Сегодня
posts-filter = Показать
posts-filter-account = Аккаунт
posts-filter-state = Состояние
posts-all = Все
posts-none = Нет подходящих публикаций. Создайте новую кнопкой «Новая публикация».
posts-no-accounts = Сначала подключите аккаунт Instagram: публикации выходят в аккаунте.
posts-times-in-zone = Время показано в вашем часовом поясе: { $zone }.
posts-column-time = Время
posts-column-account = Аккаунт
posts-column-kind = Тип
posts-column-caption = Подпись
posts-column-state = Состояние
posts-unscheduled = время не задано
posts-no-caption = (без подписи)
posts-more = { $count ->
    [one] и ещё { $count }
    [few] и ещё { $count }
    [many] и ещё { $count }
   *[other] и ещё { $count }
}

## Типы
posts-kind-post = Пост
posts-kind-reel = Reels
posts-kind-carousel = Карусель
posts-kind-story = История

## Состояния
posts-state-draft = Черновик
posts-state-scheduled = Запланирована
posts-state-preparing = Подготовка
posts-state-ready = Готова
posts-state-publishing = Публикуется
posts-state-published = Опубликована
posts-state-failed = Ошибка
posts-state-cancelled = Отменена
posts-state-verify = Опубликована — проверьте

## Ожидание: почему публикация ждёт и что делать
posts-hold-quota = Ожидание: аккаунт исчерпал суточный лимит публикаций. Публикация выйдет автоматически, когда Instagram позволит; ничего делать не нужно.
posts-hold-reconnect = Приостановлено: Instagram отклонил доступ к аккаунту. Переподключите аккаунт на странице «Аккаунты»; после этого публикация продолжится.
posts-hold-media_unreachable = Приостановлено: Instagram не может загрузить медиафайл с этого сервера. Убедитесь, что публичный адрес доступен из интернета (не localhost, не частный адрес и не за страницей входа).
posts-hold-retrying = Повтор: Instagram отвечает ошибкой или ограничивает запросы. SocialFlow повторяет попытки автоматически с растущими паузами; ничего делать не нужно.

## Ошибка
posts-failed-what-to-do = Публикация не удалась. Исправьте то, что указано в причине (обычно медиафайл или подпись), затем измените публикацию и запланируйте снова или опубликуйте сейчас.
posts-verify-help = Публикация есть в Instagram, но после прерванной публикации SocialFlow не смог точно определить, какой пост Instagram ей соответствует. Откройте ссылки ниже и проверьте; первый комментарий не отправлен, статистика к этой публикации не привязана.
posts-failed-reason = Причина: { $reason }

## Журнал
posts-event-created = Создана
posts-event-edited = Изменена
posts-event-scheduled = Запланирована
posts-event-unscheduled = Снята с расписания (теперь черновик)
posts-event-cancelled = Отменена
posts-event-container_created = В Instagram создан контейнер медиа
posts-event-container_status = Статус обработки в Instagram
posts-event-ready = Готова к публикации
posts-event-held = Приостановлена
posts-event-retry = Будет повторена
posts-event-publish_started = Публикация начата
posts-event-published = Опубликована
posts-event-recovered = Результат уточнён в Instagram после сбоя
posts-event-first_comment = Первый комментарий опубликован
posts-event-first_comment_failed = Не удалось опубликовать первый комментарий
posts-event-failed = Ошибка
posts-event-acknowledged = Ошибка просмотрена

## Проблемы
posts-problem-account_not_found = Выберите один из ваших подключённых аккаунтов.
posts-problem-media_count = { $min ->
    [1] Для этого типа нужен ровно один файл; выбрано: { $actual }.
   *[other] В карусели от { $min } до { $max } файлов; выбрано: { $actual }.
}
posts-problem-media_not_found = Выбранного файла больше нет: { $media }. Выберите другой.
posts-problem-needs_image = Файл { $position } — видео; для поста нужно изображение.
posts-problem-needs_video = Файл { $position } — изображение; для Reels нужно видео.
posts-problem-cover_not_image = Обложка должна быть изображением.
posts-problem-too_many_collaborators = Не больше { $max } соавторов; указано: { $actual }.
posts-problem-not_for_stories = Истории не поддерживают поле «{ $field }»; уберите его.
posts-problem-alt_text_too_long = Альтернативный текст — не больше { $max } символов; сейчас { $actual ->
    [one] { $actual } символ
    [few] { $actual } символа
    [many] { $actual } символов
   *[other] { $actual } символа
}.
posts-problem-user_tag_out_of_frame = Отметка { $username } находится за пределами изображения.
posts-problem-scheduled_in_past = Это время уже прошло. Выберите более позднее или нажмите «Опубликовать сейчас».
posts-problem-scheduled_too_far = Публикацию можно запланировать не более чем на { $days } { $days ->
    [one] день
    [few] дня
   *[many] дней
} вперёд. Выберите более раннюю дату.
posts-problem-control_characters = Поле «{ $field }» содержит невидимые управляющие символы (например, NUL). Удалите их; переносы строк и табуляция допустимы.
posts-problem-field_too_long = Поле «{ $field }» слишком длинное: { $actual }; не больше { $max }.
posts-problem-caption_too_long = В подписи (с хэштегами) { $actual ->
    [one] { $actual } символ
    [few] { $actual } символа
    [many] { $actual } символов
   *[other] { $actual } символа
}; Instagram допускает { $max }.
posts-problem-caption_too_many_hashtags = { $actual ->
    [one] { $actual } хэштег
    [few] { $actual } хэштега
    [many] { $actual } хэштегов
   *[other] { $actual } хэштега
}; Instagram допускает не больше { $max }.
posts-problem-caption_too_many_mentions = { $actual ->
    [one] { $actual } упоминание
    [few] { $actual } упоминания
    [many] { $actual } упоминаний
   *[other] { $actual } упоминания
}; Instagram допускает не больше { $max }.
posts-problem-caption_more_hashtags_than_advised = { $actual ->
    [one] { $actual } хэштег
    [few] { $actual } хэштега
    [many] { $actual } хэштегов
   *[other] { $actual } хэштега
}: приложение Instagram теперь показывает не больше { $advised }; лучше сократить.
posts-problem-caption_first_comment_too_long = В первом комментарии { $actual ->
    [one] { $actual } символ
    [few] { $actual } символа
    [many] { $actual } символов
   *[other] { $actual } символа
}; Instagram допускает { $max }.
posts-problem-time_required = Укажите дату и время, чтобы запланировать публикацию.
posts-problem-time_invalid = Дата или время указаны неверно; воспользуйтесь полями выбора.
posts-problem-user_tag_unreadable = Не удалось прочитать отметку «{ $line }»: напишите @имя и при желании два числа от 0 до 1.
posts-problem-time_nonexistent = Времени { $time } в поясе { $zone } не существует (часы его пропускают). Выберите другое время.
posts-problem-media_unavailable = Медиатека сейчас недоступна. Попробуйте чуть позже.
posts-problem-media = Файл { $position } ({ $use }): { $problem }.
posts-problem-media-cover = Обложка ({ $use }): { $problem }.
posts-fix-pad = Как исправить: дополнить белыми полями до { $ratio } — загрузите файл снова с отмеченным «Дополнять изображения».
posts-fix-transcode = Как исправить: сконвертировать в MP4 H.264/AAC — сервер сделает это сам, когда установлен ffmpeg.
posts-fix-converting = Видео конвертируется для Instagram; проблема исчезнет, когда конвертация закончится.
posts-media-blocks-scheduling = Instagram это отклонит: черновик сохранён, но запланировать его нельзя, пока это не исправлено.
posts-fix-pad-link = Загрузить с полями
posts-fix-media-link = Открыть медиатеку
posts-media-problems-heading = Проблемы с этим файлом

## Редактор
posts-field-account = Аккаунт
posts-field-kind = Тип
posts-field-media = Медиафайлы
posts-media-none = У вас пока нет медиафайлов. Сначала загрузите файлы на странице «Медиа».
posts-media-upload = Перейти к медиа
posts-media-order = Порядок
posts-field-cover = Обложка Reels (необязательное изображение)
posts-cover-none = Без обложки (кадр из видео)
posts-field-thumb-offset = Кадр для обложки Reels (миллисекунды)
posts-field-share-to-feed = Показать Reels и в ленте
posts-field-caption = Подпись
posts-field-hashtags = Хэштеги
posts-field-hashtags-hint = Через пробел или запятую; знак # необязателен.
posts-field-first-comment = Первый комментарий (публикуется сразу после публикации)
posts-field-collaborators = Соавторы (имена пользователей через запятую)
posts-field-user-tags = Отметить людей
posts-field-user-tags-hint = По одному в строке: @имя, а после него при желании место на фото от 0 до 1 (слева, сверху = 0), например @alice 0.3 0.7. Без места отметка ставится в центр.
posts-field-location = Идентификатор места
posts-field-alt-text = Альтернативный текст (для программ чтения с экрана)
posts-field-date = Дата
posts-field-time = Время
posts-counts = Символов: { $chars } из { $max_chars } · хэштегов: { $hashtags } из { $max_hashtags } · упоминаний: { $mentions } из { $max_mentions }
posts-save-draft = Сохранить черновик
posts-schedule = Запланировать
posts-publish-now = Опубликовать сейчас
posts-form-has-problems = Публикация не сохранена. Исправьте следующее:
posts-warnings = Сохранено, но обратите внимание:
posts-saved = Сохранено.
posts-scheduled-notice = Запланировано.
posts-publishing-notice = Публикация выйдет через несколько мгновений.

## Страница публикации
posts-state = Состояние
posts-scheduled-for = Запланирована на
posts-published-at = Опубликована
posts-permalink = В Instagram
posts-view-on-instagram = Открыть в Instagram
posts-media-heading = Медиафайлы
posts-log = История
posts-log-none = Пока ничего не записано.
posts-log-time = Время
posts-log-event = Событие
posts-log-detail = Подробности
posts-action-edit = Изменить
posts-action-cancel = Отменить публикацию
posts-action-delete = Удалить
posts-action-publish = Опубликовать сейчас
posts-action-acknowledge = Отметить ошибку как просмотренную
posts-delete-title = Удаление публикации
posts-delete-confirm = Удалить эту публикацию? Её файлы тоже будут удалены, если их не использует другая публикация. Это нельзя отменить.
posts-delete-keep = Оставить публикацию
posts-deleted = Публикация удалена.
posts-cancelled-notice = Публикация отменена и не выйдет.
posts-acknowledged-notice = Ошибка отмечена как просмотренная.
posts-error-not-editable = Эту публикацию уже нельзя изменить: она публикуется или уже опубликована.
posts-error-not-cancellable = Эту публикацию уже нельзя отменить: публикация началась.
posts-error-not-deletable = Публикацию нельзя удалить, пока она публикуется. Попробуйте через минуту.
posts-error-changed = Публикация была изменена (в другой вкладке или публикатором). Обновите страницу и повторите; введённое вами не сохранено.
posts-error-not-found = Такой публикации нет.

## Панель
posts-dash-upcoming = Ближайшие публикации
posts-dash-upcoming-none = Ничего не запланировано.
posts-dash-failed = Неудавшиеся публикации
posts-dash-open = Открыть

## Календарь
posts-month-1 = Январь
posts-month-2 = Февраль
posts-month-3 = Март
posts-month-4 = Апрель
posts-month-5 = Май
posts-month-6 = Июнь
posts-month-7 = Июль
posts-month-8 = Август
posts-month-9 = Сентябрь
posts-month-10 = Октябрь
posts-month-11 = Ноябрь
posts-month-12 = Декабрь
posts-weekday-1 = Пн
posts-weekday-2 = Вт
posts-weekday-3 = Ср
posts-weekday-4 = Чт
posts-weekday-5 = Пт
posts-weekday-6 = Сб
posts-weekday-7 = Вс
posts-week-of = Неделя с { $date }
posts-suggested = Рекомендуем для @{ $account }: { $when } — в это время онлайн больше всего подписчиков.
posts-suggested-none = Рекомендуемое время для @{ $account }: пока недостаточно данных (Instagram ещё не сообщил, когда подписчики онлайн).
posts-suggested-use = Выбрать это время
posts-weekday-long-1 = понедельник
posts-weekday-long-2 = вторник
posts-weekday-long-3 = среда
posts-weekday-long-4 = четверг
posts-weekday-long-5 = пятница
posts-weekday-long-6 = суббота
posts-weekday-long-7 = воскресенье
