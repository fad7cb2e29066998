# Страница массового импорта и её проблемы.
import-link = Импорт CSV
import-title = Импорт публикаций из CSV
import-intro = Запланируйте много публикаций сразу: каждая строка проверяется до сохранения, и импортируются либо все строки, либо ни одной.
import-export = Скачать расписание (CSV)
import-preview-heading = Проверка перед импортом
import-col-line = Строка
import-col-status = Статус
import-column-account = аккаунт
import-column-kind = тип
import-column-time = время
import-column-caption = подпись
import-column-first-comment = первый комментарий
import-column-media = медиа
import-head-account = Аккаунт
import-head-kind = Тип
import-head-time = Время
import-head-caption = Подпись
import-head-media = Медиа
import-row-ok = Готово
import-row-bad = Нужно исправить
import-draft = Черновик (без времени)
import-summary = { $total ->
    [one] { $total } строка
    [few] { $total } строки
   *[other] { $total } строк
}: готово { $ok }, с проблемами { $bad }.
import-confirm = { $count ->
    [one] Импортировать { $count } публикацию
    [few] Импортировать { $count } публикации
   *[other] Импортировать { $count } публикаций
}
import-confirm-hint = При подтверждении каждая строка проверяется ещё раз; если что-то изменилось, ничего не импортируется и страница объяснит почему.
import-fix-and-retry = Ничего не будет импортировано, пока не исправлены все строки. Исправьте отмеченные красным строки в файле и проверьте его снова.
import-upload-heading = Загрузите файл CSV
import-upload-again = Проверить исправленный файл
import-file-label = Файл CSV
import-file-hint = UTF-8 (в Excel: «CSV UTF-8»), запятые или точки с запятой между полями, не более { $rows } строк и { $kib } КиБ.
import-media-label = Файлы, названные в CSV (необязательно)
import-media-hint = Изображения и видео, которых ещё нет в медиатеке; строки называют их по имени файла. Файлы из медиатеки отправлять заново не нужно.
import-check = Проверить файл
import-format-heading = Формат CSV
import-format-intro = Первая строка называет столбцы (в любом порядке; английские названия, как ниже, или русские и казахские). Экспорт расписания имеет ровно этот вид и импортируется снова.
import-format-account = Имя аккаунта Instagram (с @ или без), одного из подключённых.
import-format-kind = post, reel, story или carousel (или пост, рилс, сторис, карусель).
import-format-time = Когда публиковать, в вашем часовом поясе ({ $zone }): 2026-12-24 09:30 или 24.12.2026 09:30, либо со смещением, например 2026-12-24T09:30:00+05:00. Пусто — строка станет черновиком.
import-format-caption = Подпись с хэштегами (у сторис подписи нет). Возьмите в кавычки, чтобы использовать переносы строк, запятые или точки с запятой.
import-format-first-comment = Публикуется первым комментарием сразу после публикации (необязательно; не для сторис).
import-format-media = Имена файлов из медиатеки (или отправленных вместе с CSV) через | или ; — один файл или от 2 до 10 для карусели.
import-format-example = Пример (с точкой с запятой, как сохраняет Excel в русской и казахской локали):
import-done = { $count ->
    [one] Импортирована { $count } публикация.
    [few] Импортированы { $count } публикации.
   *[other] Импортировано { $count } публикаций.
} Они в списке контента и в календаре.
import-ready = { $count ->
    [one] Строку можно импортировать.
   *[other] Все строки ({ $count }) можно импортировать.
} Ничего не сохраняется, пока вы не подтвердите.
import-has-problems = Ничего не импортировано: строк с проблемами — { $bad } из { $total }. Каждая проблема указана со строкой и столбцом.
import-nothing-saved = Ничего не импортировано.
import-no-file = Выберите файл CSV для проверки.
import-too-many-files = С одним импортом можно отправить не более { $max } файлов; остальные сначала загрузите в медиатеку.
import-unreadable-form = Не удалось прочитать форму; выберите файл снова и повторите.
import-at-line-column = Строка { $line }, столбец «{ $column }»: { $problem }
import-at-line = Строка { $line }: { $problem }
import-problem-missing-value = Столбец пуст, а значение обязательно.
import-problem-value-too-long = В значении { $actual } символов; читается не более { $max }.
import-problem-extra-fields = В строке больше полей, чем в заголовке; возьмите подпись с запятыми или точками с запятой в двойные кавычки.
import-problem-unknown-account = «{ $value }» — не ваш подключённый аккаунт. Укажите его имя в Instagram.
import-problem-unknown-kind = «{ $value }» — не тип публикации; используйте post, reel, story или carousel.
import-problem-unreadable-time = «{ $value }» — не время; напишите 2026-12-24 09:30 (ваш часовой пояс) или оставьте пустым для черновика.
import-problem-nonexistent-time = Времени { $value } в поясе { $zone } нет (часы переводятся вперёд); выберите другое.
import-problem-media-file-not-found = В медиатеке нет файла «{ $name }»; загрузите его или отправьте вместе с CSV.
import-problem-media-file-ambiguous = Два файла называются «{ $name }» ({ $first } и { $second }); вместо имени укажите id нужного.
import-problem-too-many-media-files = Названо файлов: { $actual }; в публикации не более { $max }.
import-table-csv-too-large = Файл больше { $kib } КиБ; разделите его на несколько.
import-table-csv-empty = Файл пуст.
import-table-csv-not-utf8 = Строка { $line } не в UTF-8. В Excel выберите «Сохранить как» → «CSV UTF-8».
import-table-csv-too-many-rows = В файле больше { $max } строк; разделите его на несколько.
import-table-csv-missing-column = В первой строке нет столбца «{ $column }»; она называет столбцы (account, kind, time, caption, first_comment, media).
import-table-csv-duplicate-column = Первая строка называет столбец «{ $column }» дважды.
import-table-csv-unknown-column = В первой строке столбец «{ $name }», которого SocialFlow не знает; используйте account, kind, time, caption, first_comment и media.
import-table-csv-malformed = Строку { $line } нельзя прочитать как CSV (не закрыта кавычка?).
import-table-csv-no-rows = В файле есть строка заголовка, но нет публикаций.
