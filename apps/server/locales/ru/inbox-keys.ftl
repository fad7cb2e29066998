# Клавиши в ветках комментариев публикации (issue 18).
thread-key-next = следующая ветка
thread-key-previous = предыдущая ветка
thread-key-reply = перейти в поле ответа этой ветки
