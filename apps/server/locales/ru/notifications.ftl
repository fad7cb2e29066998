# Уведомления (задача 18): колокольчик, центр уведомлений и настройки.

notifications-title = Уведомления
notifications-bell = { $count ->
    [0] Уведомления
    [one] Уведомления, { $count } непрочитанное
    [few] Уведомления, { $count } непрочитанных
    [many] Уведомления, { $count } непрочитанных
   *[other] Уведомления, { $count } непрочитанного
}
notifications-unread-count = { $count ->
    [0] Непрочитанных нет.
    [one] { $count } непрочитанное.
    [few] { $count } непрочитанных.
    [many] { $count } непрочитанных.
   *[other] { $count } непрочитанного.
}
notifications-unread = Не прочитано
notifications-open = Открыть
notifications-mark-all-read = Отметить все прочитанными
notifications-all-read-done = Все уведомления отмечены прочитанными.
notifications-gone = Этого уведомления больше нет.
notifications-none = Уведомлений пока нет.
notifications-none-hint = Здесь появятся неудачные публикации, аккаунты для переподключения, лимит публикаций, сводка входящих и недельный отчёт.
notifications-settings-link = Настройки уведомлений
notifications-back = К уведомлениям
notifications-settings-title = Настройки уведомлений
notifications-settings-intro = Выберите, что показывать здесь и что ещё присылать по почте. В письмах только числа и ссылки, никогда — текст комментариев и сообщений.
notifications-has-problems = Исправьте, пожалуйста:
notifications-kinds = О чём сообщать
notifications-in-app = В SocialFlow
notifications-by-email = По почте
notifications-kind-post_failed = Публикация не вышла
notifications-kind-post_failed-hint = Instagram отклонил запланированную публикацию.
notifications-kind-account_reconnect = Аккаунт нужно переподключить
notifications-kind-account_reconnect-hint = Публикации остановлены, пока вы его не переподключите.
notifications-kind-quota_nearly_used = Лимит публикаций почти исчерпан
notifications-kind-quota_nearly_used-hint = 40 из 50 публикаций, которые Instagram разрешает за 24 часа.
notifications-kind-inbox_digest = Сводка входящих
notifications-kind-inbox_digest-hint = Раз в день с 09:00: сколько комментариев и переписок вас ждут.
notifications-kind-weekly_summary = Недельный отчёт
notifications-kind-weekly_summary-hint = Каждый понедельник с 09:00 по каждому аккаунту: подписчики, охват, лучшая публикация, комментарии без ответа.
notifications-kind-webhook_disabled = Вебхук отключён
notifications-kind-webhook_disabled-hint = SocialFlow перестаёт отправлять на адрес, доставки на который не удавались три дня.
notifications-email = Почта
notifications-no-smtp = На этом сервере почта не настроена, поэтому уведомления видны только в SocialFlow. Администратор может задать SOCIALFLOW_SMTP_URL.
notifications-address = Адрес почты
notifications-address-hint = Оставьте пустым, чтобы не получать писем. Используется только для этих уведомлений и удаляется вместе с аккаунтом.
notifications-quiet = Тихие часы
notifications-quiet-hint = В это время по вашим часам ({ $zone }) писем не будет; всё, что появится, придёт, когда они закончатся. Оставьте оба поля пустыми, если не нужно.
notifications-quiet-from = С
notifications-quiet-to = До
notifications-save = Сохранить
notifications-test = Сохранить и прислать тестовое письмо
notifications-saved = Настройки уведомлений сохранены.
notifications-test-sent = Тестовое письмо отправлено. Если оно не придёт за несколько минут, проверьте папку «Спам» и адрес.
notifications-test-no-smtp = На этом сервере почта не настроена, поэтому тестовое письмо не отправить.
notifications-test-no-address = Сначала введите адрес почты.
notifications-test-rejected = Почтовый сервер не принял адрес. Проверьте его и попробуйте снова.
notifications-test-failed = Не удалось связаться с почтовым сервером. Попробуйте позже.
notifications-problem-address = Введите адрес почты, например name@example.com.
notifications-problem-time = Введите тихие часы временем, например 22:00.
notifications-problem-half = Введите и начало, и конец тихих часов — или ни то, ни другое.
notifications-problem-same = Тихие часы должны заканчиваться в другое время, чем начинаются.
notification-post_failed-title = Публикация для { $account } не вышла
notification-post_failed-detail = Instagram её отклонил. Откройте публикацию, чтобы узнать причину и повторить.
notification-account_reconnect-title = Переподключите { $account }
notification-account_reconnect-detail = Instagram больше не принимает доступ SocialFlow; запланированные публикации ждут переподключения.
notification-quota_nearly_used-title = { $account }: { $count } из { $limit } публикаций за сутки
notification-quota_nearly_used-detail = Публикации сверх лимита Instagram ждут, пока он освободится.
notification-inbox_digest-title = Вас ждут во входящих
notification-inbox_digest-detail = Комментарии без ответа: { $unanswered }. Непрочитанные переписки: { $unread }.
notification-weekly_summary-title = { $account }: ваша неделя в Instagram
notification-weekly_summary-detail = Подписчики { $followers }, охват { $reach }, комментарии без ответа: { $unanswered }.
notification-webhook_disabled-title = Вебхук отключён
notification-webhook_disabled-detail = Все доставки на { $url } не удавались три дня. Исправьте приёмник и включите его снова в «Настройки → Вебхуки».
