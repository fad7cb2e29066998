# Editing until the publish call (issue 17): duplicate, move, the container budget.
planner-edit-action-duplicate = Duplicate
planner-edit-move-label = Move to account
planner-edit-move-submit = Move
planner-edit-budget-line = Instagram containers used today: { $used } of { $cap }.
planner-edit-budget-edit = Editing the content will prepare this post again (uses { $needed } of your remaining { $remaining } containers). Changing only the time keeps what is prepared.
planner-edit-budget-full = Editing the content now would go over Instagram's { $cap } containers a day ({ $remaining } left, { $needed } needed). You can still change the time or cancel the post.
planner-edit-budget-refused = This account has used { $used } of its { $cap } Instagram containers in the last 24 hours, and this edit needs { $needed } more. Nothing was changed: change only the time, or edit later.
planner-edit-duplicated = A copy was saved as a draft. Set a time to schedule it.
planner-edit-moved = The post was moved to the other account.
