// diag.h: diagnostics shared by the tools of this project.
#pragma once
#include <windows.h>

extern int g_verbosity;

void trace(const char* fmt, ...);
void die(const char* fmt, ...);          // prints the message and ends the process
void die_hr(const char* what, HRESULT hr);
