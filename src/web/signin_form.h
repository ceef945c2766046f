// web/signin_form.h — the sign-in form in the page (shell/index.html, #signin): a real HTML form
// with autocomplete fields, so that password managers can fill it. It is shown over the canvas
// while the view is "login"; what it shows comes from ui::LoginScreen (drawn by
// ui/login_view.cpp), and what is typed goes back into ui::LoginUi with an action, which the next
// frame turns into intents. It submits with preventDefault (the CSP has form-action 'none'): the
// credentials leave only through the app, the token only in the Authorization header.
#pragma once

#include <functional>

#include "ui/views.h"

namespace web {

// Listens to the form; `onAction` runs after an action was put into `login` (ask for a frame).
void startSignInForm(ui::LoginUi* login, std::function<void()> onAction);
// Shows the form as `screen` says, or hides it (`visible` false: the view is not "login"), in the
// app's theme. Touches the DOM only when something changed.
void updateSignInForm(bool visible, const ui::LoginScreen& screen, bool light);

}  // namespace web
