// web/notify.h — "Tell me when it finishes" in the browser (issue 18, point 3): the notification
// permission (asked only when the log's bell is clicked), the notification itself (the outcome
// only, never log text), and the first interaction after it (the page title then goes back).
// Nothing here lets a browser exception escape: Notification may be missing, refused or throw.
#pragma once

#include <string>

namespace web {

// Asks for the permission if it was never given nor refused (from the bell's click).
void askNotificationPermission();
// A notification, if the browser has Notification and the permission was granted.
void showNotification(const std::string& title, const std::string& body);
// `onInteraction` runs at the user's next pointer press, key or touch on the page (then not
// again until watchNextInteraction is called again).
void watchNextInteraction(void (*onInteraction)());

}  // namespace web
