# Keyboard shortcuts of a post's thread view (issue 18).
thread-key-next = next thread
thread-key-previous = previous thread
thread-key-reply = put the cursor in its reply box
