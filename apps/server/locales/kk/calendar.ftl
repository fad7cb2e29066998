# Жоспарлағыш: ай, апта және күн, жобалар науасы, тор алдын ала қарауы.
calendar-title = Жоспарлағыш
calendar-grid-title = Торды алдын ала қарау
calendar-day = Күн
calendar-grid = Тор
calendar-move = Ауыстыру
calendar-move-to = Мына уақытқа ауыстыру
calendar-date = Күні
calendar-time = Уақыты
calendar-moving = Ауыстырылуда…
calendar-moved = Жарияланым ауыстырылды.
calendar-swapped = Екі жарияланым уақыттарымен алмасты.
calendar-error-not-movable = Бұл жарияланымды енді ауыстыру мүмкін емес: ол жариялануда немесе жарияланып қойған.
calendar-error-invalid = Жарияланым ауыстырылмады:
calendar-error-internal = Жарияланымды қазір ауыстыру мүмкін болмады. Ештеңе өзгерген жоқ; қайталап көріңіз.
calendar-error-other-account = Орын алмасуға тек бір аккаунттың жарияланымдары ғана болады.
calendar-error-swap-unscheduled = Орын алмасуға тек жоспарланған екі түрлі жарияланым ғана болады.
calendar-drafts = Жобалар
calendar-drafts-hint = Жобаны жоспарлау үшін оны күнге немесе сағатқа сүйреңіз, не сағат түймесін басыңыз.
calendar-drafts-empty = Жобалар жоқ. Уақытсыз сақталған жарияланымдар осында күтеді.
calendar-on-instagram = Instagram-да
calendar-accounts = Аккаунттар
calendar-new-at = { $time } уақытына жаңа жарияланым
calendar-new-on = { $date } күніне жаңа жарияланым
calendar-drag-hint = Жарияланымды басқа күнге не сағатқа ауыстыру үшін оны сүйреңіз; сағат түймесі пернетақтадан дәл солай істейді. Сол уақытқа жарияланым бастау үшін бос ұяшықты басыңыз.
calendar-grid-hint = Профиль осылай көрінеді: жоспарланған жарияланымдар, жаңалары алдымен, жарияланғандардың үстінде. Уақыттарын алмастыру үшін плитканы басқасына сүйреңіз немесе көрсеткіні басыңыз.
calendar-grid-earlier = Ертерек жариялау
calendar-grid-later = Кешірек жариялау
calendar-grid-scheduled = Жоспарланған
calendar-grid-count = { $count ->
    [one] { $count } жоспарланған
   *[other] { $count } жоспарланған
}
calendar-grid-empty = Бұл аккаунттың торы үшін әзірге ештеңе жоспарланбаған.
calendar-grid-none = Торын көру үшін Instagram аккаунтын қосыңыз.
calendar-show = Көрсету
