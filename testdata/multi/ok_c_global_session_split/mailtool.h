/* mailtool.h - state shared by the mailtool modules. */
#ifndef MAILTOOL_H
#define MAILTOOL_H
#include <windows.h>
#include <mapix.h>

extern LPMAPISESSION g_lpSession;   /* set by OpenSession(), cleared by CloseSession() */
extern LPMDB         g_lpMDB;       /* default store, same lifetime */

HRESULT OpenSession(LPCSTR pszProfile);   /* session.c */
void    CloseSession(void);               /* shutdown.c: safe to call when nothing is open */
HRESULT ListRecent(ULONG cMax);           /* main.c */
#endif
