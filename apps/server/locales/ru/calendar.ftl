# Планировщик: месяц, неделя и день, лоток черновиков, предпросмотр сетки.
calendar-title = Планировщик
calendar-grid-title = Предпросмотр сетки
calendar-day = День
calendar-grid = Сетка
calendar-move = Перенести
calendar-move-to = Перенести на
calendar-date = Дата
calendar-time = Время
calendar-moving = Переносим…
calendar-moved = Публикация перенесена.
calendar-swapped = Две публикации поменялись временем.
calendar-error-not-movable = Эту публикацию уже нельзя перенести: она публикуется или уже опубликована.
calendar-error-invalid = Публикация не перенесена:
calendar-error-internal = Сейчас не удалось перенести публикацию. Ничего не изменилось; попробуйте ещё раз.
calendar-error-other-account = Меняться местами могут только публикации одного аккаунта.
calendar-error-swap-unscheduled = Меняться местами могут только две разные запланированные публикации.
calendar-drafts = Черновики
calendar-drafts-hint = Перетащите черновик на день или час, чтобы запланировать его, или нажмите кнопку с часами.
calendar-drafts-empty = Черновиков нет. Здесь ждут публикации, сохранённые без времени.
calendar-on-instagram = В Instagram
calendar-accounts = Аккаунты
calendar-new-at = Новая публикация на { $time }
calendar-new-on = Новая публикация на { $date }
calendar-drag-hint = Перетащите публикацию на другой день или час, чтобы перенести её; кнопка с часами делает то же с клавиатуры. Нажмите на пустой слот, чтобы начать публикацию на это время.
calendar-grid-hint = Так будет выглядеть профиль: запланированные публикации, новые первыми, над уже опубликованными. Перетащите плитку на другую или нажмите стрелку, чтобы поменять их время.
calendar-grid-earlier = Опубликовать раньше
calendar-grid-later = Опубликовать позже
calendar-grid-scheduled = Запланировано
calendar-grid-count = { $count ->
    [one] { $count } запланирована
    [few] { $count } запланированы
    [many] { $count } запланировано
   *[other] { $count } запланировано
}
calendar-grid-empty = Для сетки этого аккаунта пока ничего не запланировано.
calendar-grid-none = Подключите аккаунт Instagram, чтобы увидеть его сетку.
calendar-show = Показать
