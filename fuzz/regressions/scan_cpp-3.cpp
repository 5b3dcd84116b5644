class CColumnSet
{
    CColumnSet ce, NULL,
   MogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession);
}
