# Согласование с клиентом: страница по ссылке, страница роли «клиент»,
# ссылки рабочего пространства.
review-title = Согласование
review-heading = Публикации для { $label }
review-intro = Так публикации будут выглядеть в Instagram. Одобрите каждую или напишите, что нужно изменить.
review-expires = Ссылка действует до { $time }.
review-empty = Здесь больше нечего согласовывать.
review-no-media = Изображения пока нет
review-carousel = Карусель: первый из нескольких
review-approve = Одобрить
review-note-label = Что изменить?
review-ask-changes = Попросить изменения
review-closed = Сейчас решение по этой публикации не нужно.
review-status-approved = Одобрено: { $who } · { $time }
review-status-changes = Просьба изменить: { $who } · { $time }
review-status-waiting = Ждёт вашего решения
review-status-scheduled = Запланировано
review-badge-reel = Reels
review-badge-story = История
review-when = Запланировано на { $time }
review-when-unscheduled = Время ещё не выбрано
review-gone = Эта ссылка больше не работает: срок истёк или её отозвали. Попросите отправителя прислать новую.
review-rate-limited = Слишком много решений по этой ссылке за последний час. Ничего не изменено; попробуйте позже.
review-wrong-state = Эта публикация сейчас не ждёт решения: по ней уже решили, её меняют или она публикуется. Ничего не изменено.
review-forbidden = Ваша роль в этом рабочем пространстве не позволяет это сделать.
review-note-empty = Напишите, что нужно изменить.
review-note-long = В заметке может быть не больше { $max } символов.

review-links-title = Ссылки для согласования
review-links-subtitle = Отправьте публикации клиенту: он откроет ссылку, увидит их так, как покажет Instagram, и одобрит или попросит изменения без учётной записи.
review-links-back = К публикациям
review-links-share = Отправить клиенту на согласование
review-links-url-once = Отправьте эту ссылку клиенту. Она показывается только сейчас — скопируйте её, прежде чем уйти со страницы.
review-links-new = Новая ссылка
review-links-label = Для кого
review-links-label-hint = Обычно имя клиента; им подписываются решения.
review-links-days = Действует (дней)
review-links-choose = Публикации (до { $max })
review-links-nothing = Пока нет черновиков или запланированных публикаций.
review-links-no-caption = (без подписи)
review-links-create = Создать ссылку
review-links-created = Ссылка для согласования готова.
review-links-list = Ссылки
review-links-none = Ссылок для согласования пока нет.
review-links-col-label = Для кого
review-links-col-posts = Публикации
review-links-col-status = Статус
review-links-col-decisions = Решения
review-links-revoke = Отозвать
review-links-revoked = Отозвана { $time }
review-links-expires = Действует до { $time }
review-links-expired = Истекла { $time }
review-links-approved = одобрено: { $count }
review-links-changes = просьб изменить: { $count }
review-links-post-gone = Одна из выбранных публикаций больше недоступна. Выберите снова.
review-links-label-empty = Укажите, для кого ссылка.
review-links-label-long = Имя может быть не длиннее { $max } символов.
review-links-label-control = В имени не может быть управляющих символов.
review-links-days-invalid = Ссылка может действовать от 1 до { $max } дней.
review-links-no-posts = Выберите хотя бы одну публикацию.
review-links-too-many-posts = В ссылке может быть не больше { $max } публикаций.
review-links-too-many = В рабочем пространстве может быть не больше { $max } действующих ссылок. Сначала отзовите одну.

client-portal-title = Публикации на согласование
client-portal-intro = Публикации ваших аккаунтов так, как их покажет Instagram: сначала ждущие вашего решения, затем уже запланированные.
client-portal-empty = Согласовывать нечего
client-portal-empty-text = Когда публикации ваших аккаунтов будут готовы, они появятся здесь.
client-portal-approved = Одобрено. Спасибо!
client-portal-changes-sent = Ваша просьба об изменениях отправлена команде.

audit-review_link_created = Создана ссылка для согласования
audit-review_link_revoked = Ссылка для согласования отозвана
audit-review_decision_made = Решение клиента по ссылке
review-status-not-in-review = Не отправлена на согласование
review-status-editing = Команда вносит изменения
review-status-published = Опубликовано
review-status-expired = Не одобрено вовремя
review-links-hold = Не публиковать, пока не одобрят
review-links-hold-hint = Каждая выбранная публикация со временем отправляется на согласование: она выйдет только после одобрения клиента (или коллеги, который согласует). Если к своему времени она всё ещё ждёт, она не публикуется.
review-links-created-held = Ссылка готова. { $count ->
    [one] { $count } публикация ждёт
    [few] { $count } публикации ждут
   *[many] { $count } публикаций ждут
} одобрения перед выходом.
review-links-in-review = На согласовании
