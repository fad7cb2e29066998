# Списки модерации (задача 19): /inbox/moderation
moderation-title = Модерация
moderation-back = Входящие
moderation-link = Списки модерации
moderation-intro = Комментарии со словом из включённого списка скрываются в Instagram сразу, как приходят. Скрытые комментарии видны в журнале, там же их можно вернуть.
moderation-list-spam = Спам
moderation-list-profanity = Мат
moderation-list-custom = Свои слова
moderation-list-spam-hint = Заработок, «пиши в директ», ссылки-приманки, крипта, взаимные подписки.
moderation-list-profanity-hint = Нецензурные слова. Звёздочка в конце — начало слова: «бляд*» скрывает и «блядский».
moderation-list-custom-hint = Всё, чего не должно быть под вашими постами: конкуренты, имена, фразы.
moderation-on = Включён
moderation-off = Выключен
moderation-enabled = Скрывать комментарии с этими словами
moderation-words = Слова и фразы, по одной в строке
moderation-words-hint = Регистр, ё/е, казахские буквы без надстрочных знаков, латинские двойники и эмодзи вокруг слов не важны.
moderation-word-count = { $count ->
    [one] { $count } слово из { $max }.
    [few] { $count } слова из { $max }.
    [many] { $count } слов из { $max }.
   *[other] { $count } слова из { $max }.
}
moderation-save = Сохранить список
moderation-starter = Добавить готовый список:
moderation-starter-ru = русский
moderation-starter-kk = казахский
moderation-starter-en = английский
moderation-has-problems = Список не сохранён:
moderation-not-saved = Список не сохранён. Исправьте строки ниже — ваш текст на месте.
moderation-problem-too_many_words = В списке может быть не больше { $max } слов.
moderation-problem-word_too_long = Строка { $line }: не больше { $max } символов.
moderation-problem-nothing_to_match = Строка { $line }: только эмодзи или знаки препинания — такое никогда не совпадёт со словом.
moderation-problem-control_characters = Строка { $line }: содержит невидимый управляющий символ.
moderation-test = Проверить текст
moderation-test-label = Комментарий для проверки
moderation-test-run = Проверить
moderation-test-hidden = Будет скрыт списком «{ $list }»: { $word }
moderation-test-clean = Не будет скрыт: ни один включённый список не совпал.
moderation-test-invalid = Введите текст длиной от 1 до { $max } символов.
moderation-log = Скрытые комментарии
moderation-log-empty = Пока ничего не скрыто.
moderation-log-comment = Комментарий
moderation-log-why = Список и слово
moderation-log-action = Действие
moderation-log-text-gone = (уже нет во входящих)
moderation-log-undone = Возвращён { $when }
moderation-undo = Вернуть
moderation-saved = Список сохранён.
moderation-starter-added = Готовые слова добавлены, список включён.
moderation-undone = Комментарий снова виден, и списки больше его не скроют.
moderation-already-undone = Этот комментарий уже возвращён.
moderation-reconnect = Чтобы менять комментарии, аккаунт нужно подключить заново.
moderation-instagram-failed = Instagram не принял изменение. Попробуйте через несколько минут.
moderation-gone = Нет такого аккаунта или записи журнала.
moderation-hidden-by = Скрыт модерацией ({ $word })
