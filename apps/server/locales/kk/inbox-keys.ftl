# Жарияланымның пікір тармақтарындағы пернелер (issue 18).
thread-key-next = келесі тармақ
thread-key-previous = алдыңғы тармақ
thread-key-reply = осы тармақтың жауап өрісіне өту
