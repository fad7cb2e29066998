# Интерфейс SocialFlow — русский. Ключи совпадают с en/main.ftl; тест проверяет,
# что в каждом языке есть все ключи.

app-name = SocialFlow
skip-to-content = Перейти к содержимому
footer-text = SocialFlow — управление контентом Instagram на собственном сервере
language-label = Язык

## Навигация
nav-dashboard = Панель управления
nav-client = Публикации на согласование
nav-content = Контент
nav-comments = Комментарии
nav-messages = Сообщения
nav-analytics = Аналитика
nav-settings = Настройки
nav-logout = Выйти
nav-api-docs = API
nav-signed-in-as = Вы вошли как { $username }

## Вход
login-title = Вход
login-intro = Войдите, чтобы управлять своими аккаунтами Instagram.
login-username = Имя пользователя
login-password = Пароль
login-submit = Войти
login-error-invalid = Неверное имя пользователя или пароль.
login-error-throttled = Слишком много неудачных попыток. Попробуйте снова через { $minutes ->
    [one] { $minutes } минуту
    [few] { $minutes } минуты
    [many] { $minutes } минут
   *[other] { $minutes } минуты
}.
login-logged-out = Вы вышли из системы.
login-session-expired = Ваш сеанс завершён. Войдите снова.

## Первый запуск
setup-title = Создание первого администратора
setup-intro = Пользователей пока нет. Задайте имя пользователя и пароль администратора. Эта страница открывается только по ссылке, выведенной в консоли сервера.
setup-password-confirm = Повторите пароль
setup-submit = Создать администратора
setup-invalid-token = Ссылка для настройки недействительна. Используйте ссылку, которую сервер вывел в консоль при запуске.
setup-done = Администратор создан. Войдите с новым паролем.

## Разделы
dashboard-title = Панель управления
dashboard-welcome = Добро пожаловать, { $username }.
dashboard-next-steps = Подключите аккаунт Instagram на странице «Аккаунты», чтобы видеть здесь свой профиль, рост числа подписчиков, запланированные публикации и комментарии без ответа.
section-coming = Этот раздел станет доступен, когда появится соответствующая функция. Пока здесь ничего не требует вашего внимания.
content-title = Контент
comments-title = Комментарии
messages-title = Сообщения
analytics-title = Аналитика

## Настройки
settings-title = Настройки
settings-profile = Профиль
settings-username = Имя пользователя
settings-role = Роль
role-admin = Администратор
role-user = Пользователь
settings-language = Язык интерфейса
settings-language-save = Сохранить язык
settings-language-saved = Язык интерфейса сохранён.
settings-password = Смена пароля
settings-current-password = Текущий пароль
settings-new-password = Новый пароль
settings-confirm-password = Повторите новый пароль
settings-password-save = Сменить пароль
settings-password-saved = Пароль изменён. Остальные ваши сеансы завершены.
settings-password-wrong = Текущий пароль указан неверно. Ничего не изменено.
settings-password-mismatch = Новые пароли не совпадают. Ничего не изменено.
settings-password-too-short = Новый пароль должен содержать не менее { $min ->
    [one] { $min } символа
   *[other] { $min } символов
}.
settings-password-too-long = Длина нового пароля — не более { $max ->
    [one] { $max } байта
   *[other] { $max } байт
}.
settings-tokens = Персональные API-токены
settings-tokens-intro = Токены позволяют скриптам работать с REST API от вашего имени: передавайте их в заголовке "Authorization: Bearer <token>".
settings-token-name = Название токена
settings-token-create = Создать токен
settings-token-created = Новый токен показан ниже только один раз. Скопируйте его сейчас: повторно его показать нельзя.
settings-token-revoke = Отозвать
settings-token-revoked = Токен отозван.
settings-token-none = У вас нет API-токенов.
settings-token-created-at = Создан
settings-token-last-used = Последнее использование
settings-token-never-used = никогда
settings-token-invalid-name = Название токена должно содержать от 1 до 64 символов.
settings-security = Последние события безопасности
settings-security-none = Событий пока нет.
column-time = Время
column-event = Событие
column-ip = IP-адрес
column-detail = Подробности

## События журнала
audit-login_succeeded = Вход выполнен
audit-login_failed = Неудачный вход
audit-login_throttled = Вход отклонён (слишком много неудачных попыток)
audit-logout = Выход из системы
audit-password_changed = Пароль изменён
audit-language_changed = Язык изменён
audit-api_token_created = API-токен создан
audit-api_token_revoked = API-токен отозван
audit-user_created = Пользователь создан
audit-user_deleted = Пользователь удалён

## Ошибки
error-title = Что-то пошло не так
error-csrf = Срок действия формы истёк, или она отправлена не из SocialFlow. Ничего не изменено. Обновите страницу и попробуйте снова.
error-not-found = Такой страницы не существует.
error-internal = Серверу не удалось выполнить запрос. Ничего не потеряно; повторите попытку чуть позже.
error-too-large = Слишком большой запрос.
error-username-length = Имя пользователя должно содержать от 3 до 32 символов.
error-username-chars = Имя пользователя может содержать только буквы a–z, цифры, "_", "." и "-".
error-username-reserved = Имена, начинающиеся с «ws.», зарезервированы.
error-username-taken = Это имя пользователя уже занято.
back-home = Вернуться на панель управления
settings-language-invalid = Выберите один из языков в списке. Ничего не изменено.
error-bad-request = Не удалось прочитать запрос. Ничего не изменено; обновите страницу и попробуйте снова.
error-unknown-action = SocialFlow не знает такой кнопки. Ничего не изменено; обновите страницу и попробуйте снова.
audit-account_connected = Подключён аккаунт Instagram
audit-account_reconnected = Аккаунт Instagram переподключён
audit-account_disconnected = Аккаунт Instagram отключён
audit-account_needs_reconnect = Аккаунт Instagram нужно переподключить

## Аккаунты Instagram
nav-accounts = Аккаунты
accounts-title = Аккаунты Instagram
accounts-intro = Подключите аккаунты Instagram Business или Creator, которыми вы управляете. SocialFlow запрашивает у Instagram разрешения читать профиль, публиковать, управлять комментариями и сообщениями и читать статистику.
accounts-connect = Подключить аккаунт Instagram
accounts-none = Пока не подключено ни одного аккаунта Instagram.
accounts-not-configured = Этот сервер ещё не связан с приложением Instagram, поэтому подключить аккаунты нельзя. Попросите администратора сервера настроить приложение Instagram (как — описано в руководстве по Instagram в документации) или запустить SocialFlow в демо-режиме, чтобы попробовать его с имитацией Instagram.
accounts-followers = Подписчики
accounts-following = Подписки
accounts-posts = Публикации
accounts-not-available = нет данных
accounts-token = Доступ
accounts-token-active = Действует до { $date }
accounts-token-needs-reconnect = Нужно переподключить: Instagram больше не принимает доступ этого аккаунта. Переподключите его, чтобы запланированная работа продолжилась.
accounts-instagram-said = Ответ Instagram: { $detail }
accounts-connected-at = Подключён
accounts-refreshed-at = Профиль обновлён
accounts-refresh = Обновить сейчас
accounts-reconnect = Переподключить
accounts-disconnect = Отключить
accounts-disconnect-title = Отключить { $username }?
accounts-disconnect-explain = SocialFlow сразу удалит токен доступа этого аккаунта и всё, что сохранено для него в кэше. Публикации, уже вышедшие в Instagram, останутся там. Позже аккаунт можно подключить снова.
accounts-disconnect-confirm = Отключить и удалить его данные
accounts-cancel = Отмена
accounts-notice-connected = Аккаунт { $username } подключён.
accounts-notice-reconnected = Аккаунт { $username } переподключён; запланированная работа продолжается.
accounts-notice-disconnected = Аккаунт отключён, его данные удалены.
accounts-notice-refreshed = Профиль обновлён из Instagram.
accounts-missing-permissions = Instagram выдал не все разрешения, нужные SocialFlow. Не хватает: { $scopes }. Переподключите аккаунт и оставьте все разрешения отмеченными в окне Instagram.
accounts-error-denied = Подключение отменено в окне Instagram. Ничего не сохранено.
accounts-error-state = Эта ссылка для подключения устарела или уже использована. Ничего не сохранено; начните заново с «Подключить аккаунт Instagram».
accounts-error-elsewhere = Этот аккаунт Instagram уже подключён другим пользователем SocialFlow. Попросите его сначала отключить аккаунт.
accounts-error-token = Instagram больше не принимает доступ этого аккаунта. Переподключите аккаунт.
accounts-error-rate-limited = Instagram сейчас ограничивает запросы для этого аккаунта. Ничего не потеряно; попробуйте через несколько минут.
accounts-error-unavailable = Не удалось связаться с Instagram. Ничего не потеряно; попробуйте через несколько минут.
accounts-error-permission = Instagram отказал, потому что не хватает разрешения. Переподключите аккаунт и выдайте все разрешения.
accounts-error-oauth = Instagram отклонил вход ({ $detail }). Ничего не сохранено; начните заново с «Подключить аккаунт Instagram».
accounts-error-other = Instagram отклонил запрос ({ $detail }). Ничего не сохранено.
scope-instagram_business_basic = чтение профиля и публикаций
scope-instagram_business_content_publish = публикация постов, Reels и историй
scope-instagram_business_manage_comments = управление комментариями
scope-instagram_business_manage_messages = управление личными сообщениями
scope-instagram_business_manage_insights = чтение статистики

## Удаление данных (публичная страница и обратные вызовы Meta)
deletion-title = Удаление ваших данных
deletion-intro = Вы можете в любой момент попросить SocialFlow удалить всё, что он хранит о вашем аккаунте Instagram.
deletion-in-socialflow = В SocialFlow
deletion-in-socialflow-how = Войдите, откройте «Аккаунты» и выберите «Отключить»: токен доступа аккаунта и все сохранённые для него данные сразу удаляются.
deletion-in-instagram = В Instagram
deletion-in-instagram-how = В Instagram откройте «Настройки» → «Приложения и сайты» и удалите SocialFlow. Instagram сообщит об этом SocialFlow, и тот сразу удалит токен и все данные аккаунта, а Instagram получит код подтверждения, статус которого показывает эта страница.
deletion-what = Что удаляется: токен доступа, копия профиля, кэш публикаций, комментариев и сообщений, статистика подписчиков и аналитика этого аккаунта. Публикации, уже вышедшие в Instagram, остаются в Instagram.
deletion-status-title = Статус вашего запроса
deletion-status-done = Запрос получен { $requested }. Выполнен { $completed }: удалены данные { $count ->
    [one] { $count } подключённого аккаунта
    [few] { $count } подключённых аккаунтов
    [many] { $count } подключённых аккаунтов
   *[other] { $count } подключённого аккаунта
}.
deletion-unknown-code = Запроса на удаление с таким кодом подтверждения нет. Проверьте код, который показал Instagram.
audit-account_deauthorized = Доступ отозван в Instagram
audit-data_deletion_callback = Данные удалены по запросу Instagram
audit-time_zone_changed = Часовой пояс изменён
audit-post_scheduled = Публикация запланирована
audit-post_published = Публикация опубликована
audit-post_deleted = Публикация удалена
audit-comment_replied = Ответ на комментарий
audit-comment_hidden = Комментарий скрыт
audit-comment_unhidden = Комментарий снова показан
audit-comment_deleted = Комментарий удалён
audit-message_sent = Сообщение отправлено
audit-data_exported = Данные выгружены
audit-policy_acknowledged = Политика конфиденциальности принята

# Settings: time zone
settings-time-zone = Часовой пояс
settings-time-zone-intro = Время публикаций вводится и показывается в этом поясе, и аналитика считает дни по нему.
settings-time-zone-label = Ваш часовой пояс
settings-time-zone-save = Сохранить часовой пояс
settings-time-zone-saved = Часовой пояс сохранён.
settings-time-zone-invalid = Выберите часовой пояс из списка.
