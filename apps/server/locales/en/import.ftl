# The bulk import page and its problems.
import-link = Import CSV
import-title = Import posts from CSV
import-intro = Plan many posts at once: every row is checked before anything is saved, and either all rows are imported or none.
import-export = Download schedule (CSV)
import-preview-heading = Check before importing
import-col-line = Line
import-col-status = Status
import-column-account = account
import-column-kind = kind
import-column-time = time
import-column-caption = caption
import-column-first-comment = first comment
import-column-media = media
import-head-account = Account
import-head-kind = Kind
import-head-time = Time
import-head-caption = Caption
import-head-media = Media
import-row-ok = Ready
import-row-bad = Needs a fix
import-draft = Draft (no time)
import-summary = { $total ->
    [one] { $total } row
   *[other] { $total } rows
}: { $ok } ready, { $bad } with problems.
import-confirm = { $count ->
    [one] Import { $count } post
   *[other] Import { $count } posts
}
import-confirm-hint = Every row is checked again when you confirm; if anything changed meanwhile, nothing is imported and the page says why.
import-fix-and-retry = Nothing will be imported until every row is fixed. Correct the rows marked in red in your file and check it again.
import-upload-heading = Upload a CSV file
import-upload-again = Check a corrected file
import-file-label = CSV file
import-file-hint = UTF-8 (Excel: “CSV UTF-8”), commas or semicolons between fields, at most { $rows } rows and { $kib } KiB.
import-media-label = Files the CSV names (optional)
import-media-hint = Images and videos not yet in your media library; rows name them by file name. Files already in the library need not be sent again.
import-check = Check the file
import-format-heading = The CSV format
import-format-intro = The first line names the columns (any order; English names as below, or Russian or Kazakh ones). An export of your schedule has exactly this form and imports again.
import-format-account = The Instagram account's username (with or without @), one you have connected.
import-format-kind = post, reel, story or carousel (also пост, рилс, сторис, карусель).
import-format-time = When to publish, in your time zone ({ $zone }): 2026-12-24 09:30 or 24.12.2026 09:30, or with an offset such as 2026-12-24T09:30:00+05:00. Empty: the row becomes a draft.
import-format-caption = The caption with its hashtags (stories have none). Quote it to use line breaks, commas or semicolons.
import-format-first-comment = Posted as the first comment right after publishing (optional; not for stories).
import-format-media = File names from your media library (or sent with the CSV), separated by | or ; — one file, or 2 to 10 for a carousel.
import-format-example = Example (semicolons, as Excel writes in Russian and Kazakh):
import-done = { $count ->
    [one] { $count } post imported.
   *[other] { $count } posts imported.
} They are on your content list and calendar.
import-ready = { $count ->
    [one] The row can be imported.
   *[other] All { $count } rows can be imported.
} Nothing is saved until you confirm.
import-has-problems = Nothing was imported: { $bad } of { $total } rows need a fix. Each problem is listed by its line and column.
import-nothing-saved = Nothing was imported.
import-no-file = Choose a CSV file to check.
import-too-many-files = Send at most { $max } files with one import; upload the rest in the media library first.
import-unreadable-form = The form could not be read; choose the file again and retry.
import-at-line-column = Line { $line }, column “{ $column }”: { $problem }
import-at-line = Line { $line }: { $problem }
import-problem-missing-value = This column is empty; it needs a value.
import-problem-value-too-long = The value has { $actual } characters; at most { $max } are read.
import-problem-extra-fields = The row has more fields than the header; put a caption with commas or semicolons in double quotes.
import-problem-unknown-account = “{ $value }” is not one of your connected accounts. Use its Instagram username.
import-problem-unknown-kind = “{ $value }” is not a kind of post; use post, reel, story or carousel.
import-problem-unreadable-time = “{ $value }” is not a time; write 2026-12-24 09:30 (your time zone) or leave it empty for a draft.
import-problem-nonexistent-time = { $value } does not exist in { $zone } (the clocks go forward then); choose another time.
import-problem-media-file-not-found = No file named “{ $name }” in your media library; upload it or send it with the CSV.
import-problem-media-file-ambiguous = Two files are named “{ $name }” ({ $first } and { $second }); write the id of the one you mean instead of the name.
import-problem-too-many-media-files = { $actual } files named; a post takes at most { $max }.
import-table-csv-too-large = The file is larger than { $kib } KiB; split it into several files.
import-table-csv-empty = The file is empty.
import-table-csv-not-utf8 = Line { $line } is not UTF-8 text. In Excel choose “Save as” → “CSV UTF-8”.
import-table-csv-too-many-rows = The file has more than { $max } rows; split it into several files.
import-table-csv-missing-column = The first line has no column “{ $column }”; it names the columns (account, kind, time, caption, first_comment, media).
import-table-csv-duplicate-column = The first line names the column “{ $column }” twice.
import-table-csv-unknown-column = The first line has a column “{ $name }” SocialFlow does not know; use account, kind, time, caption, first_comment and media.
import-table-csv-malformed = Line { $line } cannot be read as CSV (a quote is not closed?).
import-table-csv-no-rows = The file has the header line but no posts.
