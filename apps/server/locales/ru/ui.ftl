# Общие части интерфейса: навигация, тема, демо-баннер, уведомления,
# относительное время, первые шаги, объяснения сбоев, регионы часовых поясов.

## Оболочка
ui-main-navigation = Основная навигация
ui-menu = Меню
ui-menu-close = Закрыть меню
ui-theme = Оформление
ui-theme-intro = Следовать светлой или тёмной теме системы или выбрать тему для этого браузера.
ui-theme-auto = Как в системе
ui-theme-light = Светлая
ui-theme-dark = Тёмная
ui-cancel = Отмена
ui-close = Закрыть
ui-offline = Не удалось связаться с сервером. Ничего не изменено; проверьте подключение и попробуйте снова.
ui-uploading = Загрузка
ui-copy = Копировать
ui-copied = Скопировано.
ui-original-message = Исходное сообщение Instagram
ui-technical-detail = Технические подробности

## Демо-режим
ui-demo-title = Демо-режим
ui-demo-text = Instagram на этом сервере имитируется: в Instagram ничего не уходит, а все аккаунты, публикации, комментарии и сообщения придуманы.
ui-demo-url = Это демо работает по адресу

## Относительное время
ui-rel-now = сейчас
ui-rel-in-minutes = через { $n } мин
ui-rel-ago-minutes = { $n } мин назад
ui-rel-in-hours = через { $n } ч
ui-rel-ago-hours = { $n } ч назад
ui-rel-in-days = { $n ->
    [one] через { $n } день
    [few] через { $n } дня
   *[many] через { $n } дней
}
ui-rel-ago-days = { $n ->
    [one] { $n } день назад
    [few] { $n } дня назад
   *[many] { $n } дней назад
}

## Первые шаги (главная)
onboarding-title = С чего начать
onboarding-progress = Готово { $done } из { $total }
onboarding-done = готово
onboarding-connect-account = Подключите аккаунт Instagram
onboarding-connect-account-text = Бизнес-аккаунт или аккаунт автора, которым вы управляете: SocialFlow публикует в него и читает его комментарии, сообщения и статистику.
onboarding-connect-account-action = Подключить
onboarding-upload-media = Загрузите медиафайлы
onboarding-upload-media-text = Фото и видео для публикаций; каждый файл проверяется по правилам Instagram.
onboarding-upload-media-action = Загрузить
onboarding-schedule-post = Запланируйте первую публикацию
onboarding-schedule-post-text = Выберите файлы, напишите подпись и укажите время — SocialFlow опубликует её в срок.
onboarding-schedule-post-action = Новая публикация
onboarding-open-inbox = Откройте входящие
onboarding-open-inbox-text = Комментарии и личные сообщения ваших аккаунтов — ответы из одного места.
onboarding-open-inbox-action = Комментарии
dashboard-freshness = Когда обновлялись эти данные

## Объяснения сбоев и ожиданий (исходный текст — в раскрывающемся блоке)
why-account_disconnected = Аккаунт Instagram отключён
fix-account_disconnected = Подключите аккаунт снова на странице «Аккаунты», затем измените публикацию и запланируйте её заново.
why-reconnect = Instagram больше не принимает доступ аккаунта
fix-reconnect = Переподключите аккаунт на странице «Аккаунты»; запланированные публикации продолжатся.
why-permission_missing = Не хватает разрешения
fix-permission_missing = Переподключите аккаунт на странице «Аккаунты» и оставьте отмеченными все разрешения в окне Instagram.
why-account_restricted = Instagram ограничил аккаунт
fix-account_restricted = Откройте приложение Instagram под этим аккаунтом и выполните то, что оно просит (например, подтвердите личность), затем опубликуйте снова.
why-spam = Instagram принял действия за спам
fix-spam = Подождите несколько часов перед новой публикацией и не публикуйте одно и то же много раз.
why-rate_limited = Instagram ограничивает запросы для этого аккаунта
fix-rate_limited = Ничего делать не нужно: SocialFlow подождёт и попробует снова сам.
why-instagram_unavailable = Instagram временно недоступен
fix-instagram_unavailable = Ничего делать не нужно: SocialFlow попробует снова сам.
why-publishing_limit = Аккаунт исчерпал лимит публикаций Instagram за 24 часа
fix-publishing_limit = Ничего делать не нужно: публикация выйдет, как только лимит позволит.
why-aspect_ratio = Instagram не принимает пропорции изображения
fix-aspect_ratio = Используйте изображение от 4:5 (вертикальное) до 1,91:1 (горизонтальное): обрежьте его или загрузите снова с отметкой «Дополнить изображения» на странице «Медиа».
why-image_too_large = Изображение слишком большое для Instagram
fix-image_too_large = Загрузите изображение поменьше (не больше 8 МБ) и выберите его в публикации.
why-image_format = Instagram не принимает формат изображения
fix-image_format = Загрузите изображение в JPEG (PNG и WebP преобразуются при загрузке на странице «Медиа»).
why-video_format = Instagram не принимает формат видео
fix-video_format = Экспортируйте видео в MP4 с видео H.264 и звуком AAC, загрузите снова и выберите его в публикации.
why-processing_failed = Instagram не смог обработать файл
fix-processing_failed = Попробуйте снова; если не получится, экспортируйте файл заново (для видео — MP4 с H.264 и AAC) и загрузите его.
why-thumbnail_offset = Кадр обложки за пределами видео
fix-thumbnail_offset = Измените публикацию и выберите кадр обложки в пределах длительности видео.
why-caption = Instagram отклонил подпись
fix-caption = Сократите подпись (не больше 2 200 символов, 30 хэштегов и 20 упоминаний) и запланируйте публикацию снова.
why-carousel_count = В карусели должно быть от 2 до 10 файлов
fix-carousel_count = Измените публикацию и выберите от 2 до 10 файлов.
why-media_unreachable = Instagram не смог скачать файл с этого сервера
fix-media_unreachable = Публичный адрес сервера должен быть доступен из интернета (не localhost, не частный адрес и не за входом). Обратитесь к администратору, затем опубликуйте снова.
why-media_missing = Файл публикации удалён
fix-media_missing = Измените публикацию, выберите другой файл и запланируйте её снова.
why-media_unusable = Файл не подходит для этого вида публикации
fix-media_unusable = Откройте страницу «Медиа», чтобы увидеть, что Instagram отклонит, загрузите подходящий файл и выберите его в публикации.
why-no_media = В публикации нет файлов
fix-no_media = Измените публикацию и выберите хотя бы один файл.
why-gave_up = Instagram раз за разом отвечал ошибкой, и SocialFlow прекратил попытки
fix-gave_up = Проверьте, что Instagram работает в приложении, и опубликуйте снова.
why-other = Instagram отклонил публикацию
fix-other = Прочитайте сообщение Instagram ниже, исправьте то, что в нём названо, затем измените публикацию и запланируйте её снова.

## Выбор часового пояса
settings-time-zone-search = Поиск города или региона
tz-region-utc = Всемирное координированное время
tz-region-europe = Европа
tz-region-asia = Азия
tz-region-america = Америка
tz-region-africa = Африка
tz-region-australia = Австралия
tz-region-pacific = Тихий океан
tz-region-atlantic = Атлантика
tz-region-indian = Индийский океан
tz-region-antarctica = Антарктида
tz-region-other = Другие

## Страницы
setup-username-hint = От 3 до 32 символов: латинские буквы a–z, цифры, «_», «.» и «-».
accounts-none-text = Подключите бизнес-аккаунты и аккаунты авторов Instagram, которыми вы управляете, чтобы публиковать в них и отвечать на комментарии и сообщения.
media-file-choose = Файл
media-none-text = Загрузите фото и видео для публикаций; каждый файл проверяется по правилам Instagram для каждого вида публикации.
inbox-comments-intro = Комментарии к вашим публикациям: отвечайте, скрывайте и удаляйте их в Instagram прямо отсюда.
inbox-messages-intro = Личные сообщения вашим аккаунтам.
inbox-filter = Показать
inbox-no-accounts-text = Когда аккаунт подключён, его комментарии и сообщения появятся здесь.
inbox-no-comments-text = Новые комментарии появятся здесь после следующего обновления из Instagram.
inbox-no-conversations-title = Переписок пока нет
inbox-no-posts-title = Публикаций пока нет
inbox-reply-to = Ответить @{ $username }
inbox-media-image = Фото
inbox-media-video = Видео
inbox-media-carousel = Карусель
posts-views = Вид
posts-back = Назад
posts-empty-title = Публикаций пока нет
posts-agenda-empty = В этот период ничего не запланировано
posts-agenda-empty-text = Создайте публикацию и выберите время — она появится здесь.
posts-dash-calendar = Календарь
posts-dash-upcoming-hint = Запланированные публикации появятся здесь с временем до выхода.
posts-composer-cancel = Выйти без сохранения
posts-cancel-confirm = Отменить эту публикацию? Она не будет опубликована; позже её можно изменить и запланировать снова.
posts-counter-chars = {"{"}n{"}"} / {"{"}max{"}"} символов
posts-counter-hashtags = {"{"}n{"}"} / {"{"}max{"}"} хэштегов
posts-counter-mentions = {"{"}n{"}"} / {"{"}max{"}"} упоминаний
posts-field-first-comment-short = Первый комментарий
posts-field-collaborators-short = Соавторы
posts-field-alt-text-short = Альтернативный текст
posts-field-other = это поле
posts-field-location-hint = Номер места в Instagram (он есть в адресе страницы места в Instagram); оставьте пустым, если место не нужно.
posts-field-time-in = Время ({ $zone })
posts-media-order-hint = Отметьте файлы для публикации; для карусели пронумеруйте их в нужном порядке.
posts-media-order-of = Позиция файла { $name }
posts-schedule-legend = Когда опубликовать
posts-time-zone = Часовой пояс
settings-token-revoke-confirm = Отозвать токен «{ $name }»? Скрипты, которые его используют, сразу перестанут работать.
