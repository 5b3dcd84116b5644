/* watch.h - critical-error notifications on the session for mailbell. */
#ifndef MAILBELL_WATCH_H
#define MAILBELL_WATCH_H
#include <mapix.h>
HRESULT watch_begin(LPMAPISESSION lpSession);
void watch_end(LPMAPISESSION lpSession);
LONG watch_count(void);
#endif
