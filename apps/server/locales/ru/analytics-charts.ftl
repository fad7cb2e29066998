analytics-delta-up = на { $percent } % больше, чем в предыдущем периоде
analytics-delta-down = на { $percent } % меньше, чем в предыдущем периоде
analytics-delta-same = как в предыдущем периоде
analytics-delta-none = нет данных за предыдущий период
analytics-delta-previous = предыдущий период: { $value }
analytics-compared-with = Сравнение с периодом { $from } – { $to } ({ $days ->
    [one] { $days } день
    [few] { $days } дня
    [many] { $days } дней
   *[other] { $days } дня
} до выбранного).
analytics-kpis-title = Главные показатели
analytics-kpi-posts = Опубликовано
analytics-kpi-engagement = Средняя вовлечённость
analytics-report-open = Отчёт для печати и отправки
analytics-report-title = Отчёт
analytics-report-heading = Отчёт по @{ $username }
analytics-report-back = Назад к аналитике
analytics-report-print-hint = Чтобы сохранить отчёт в PDF, выберите в браузере «Печать» → «Сохранить как PDF»: меню и кнопки в отчёт не попадут.
analytics-report-top = Лучшие публикации по охвату
analytics-report-prepared = Подготовлено { $time }.
analytics-share-title = Поделиться ссылкой для просмотра
analytics-share-hint = Любой, у кого есть ссылка, увидит этот отчёт за этот период без входа — пока срок ссылки не истёк или вы её не отозвали.
analytics-share-days = Срок действия (дней)
analytics-share-create = Создать ссылку
analytics-share-created = Ссылка создана. Скопируйте её сейчас: она показывается только один раз.
analytics-share-url = Ссылка на отчёт
analytics-share-url-hint = Хранится только отпечаток ссылки, поэтому показать её снова нельзя; если потеряете — создайте новую.
analytics-share-links = Выданные ссылки
analytics-share-expires = действует до { $time }
analytics-share-expired = истекла { $time }
analytics-share-revoke = Отозвать
analytics-share-days-invalid = Введите целое число дней от 1 до { $max }.
analytics-share-too-many = У этого аккаунта уже { $max } ссылок. Сначала отзовите одну.
analytics-error-sep = Выберите разделитель CSV: запятая или точка с запятой.
analytics-csv-comma = через запятую
analytics-csv-semicolon = через точку с запятой (Excel на русском или казахском)
analytics-col-reposts = Репосты
analytics-col-skip-rate = Доля пропусков
analytics-sort-by = Сортировать публикации
analytics-sort-order = Порядок
analytics-sort-desc = Сначала большие
analytics-sort-asc = Сначала меньшие
analytics-sort-apply = Сортировать
