nav-inbox = Кіріс
triage-title = Кіріс
triage-intro = { $count ->
    [one] { $count } пікір жауап күтуде. Барлық аккаунттарыңыздың пікірлері мен хабарлары, алдымен жаңалары.
   *[other] { $count } пікір жауап күтуде. Барлық аккаунттарыңыздың пікірлері мен хабарлары, алдымен жаңалары.
}
triage-back = Кіріске оралу
triage-states = Көрсету
triage-state-unanswered = Жауапсыз
triage-state-open = Ашық
triage-state-done = Дайын
triage-state-all = Барлығы
triage-filters = Кірісті сүзу
triage-search = Мәтін мен атаулардан іздеу
triage-account = Аккаунт
triage-all-accounts = Барлық аккаунттар
triage-filter-question = Тек сұрақтар
triage-filter-hidden = Тек жасырылғандар
triage-apply = Қолдану
triage-post-filter = Тек мына жарияланымның пікірлері:
triage-clear-post = Барлық жарияланымдар
triage-empty-title = Мұнда ештеңе жоқ
triage-empty-text = Сәйкес пікір не хабар жоқ. Жаңалары Instagram-нан келесі жаңартудан кейін шығады.
triage-show-all = Барлығын көрсету
triage-select-all = Беттегінің бәрін таңдау
triage-mark-selected-done = Таңдалғандарды дайын деп белгілеу
triage-reopen-selected = Таңдалғандарды қайта ашу
triage-select-item = @{ $username } жазғанын таңдау
triage-no-text = (мәтін жоқ: тіркеме)
triage-badge-done = Дайын
triage-badge-answered = Жауап берілген
triage-badge-question = Сұрақ
triage-no-caption = (сипаттамасыз)
triage-this-post = Тек осы жарияланым
triage-open-thread = Тармақты ашу
triage-open-conversation = Хат алмасуды ашу
triage-reply = Жауап беру
triage-reopen = Қайта ашу
triage-mark-done = Дайын
triage-pages = Беттер
triage-first-page = Ең жаңалары
triage-next-page = Ертерек
triage-keys-title = Пернелер
triage-key-next = келесі элемент
triage-key-previous = алдыңғы элемент
triage-key-open = тармақты не хат алмасуды ашу
triage-key-reply = жауап беру
triage-key-done = дайын деп белгілеу (не қайта ашу)
triage-key-select = элементті таңдау
triage-key-help = осы тізімді көрсету не жасыру
triage-keys-note = Өріске жазып отырғанда пернелер әрекет етпейді.
triage-all-posts = Аккаунттың барлық жарияланымдары (пікір қалдыру үшін)
triage-kind-comment = Пікір
triage-kind-message = Хабар
triage-kind-story-mention = Стористе атап өту
triage-kind-story-reply = Сторисқа жауап
triage-replies = { $count ->
    [one] { $count } жауап
   *[other] { $count } жауап
}
triage-notice-done = { $count ->
    [one] Дайын деп белгіленді: { $count }.
   *[other] Дайын деп белгіленді: { $count }.
}
triage-notice-opened = { $count ->
    [one] Қайта ашылды: { $count }.
   *[other] Қайта ашылды: { $count }.
}
triage-notice-none = Алдымен кемінде бір элементті таңдаңыз.
triage-notice-too-many = Бір рет ең көбі 100 элемент.
triage-error-search = Іздеу ең көбі { $max } таңба болады.
triage-error-cursor = Бұл бет енді жоқ; ең жаңалары көрсетілді.
