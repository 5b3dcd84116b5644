// unread-now: prints the unread count of the default store's Inbox.
//
// Bug: the session lives in a tuple-struct guard, `Session(..)`, whose Drop only reports
// and lets the session field drop: nothing in `Session` ever logs it off, so every session
// is released without Logoff (missing-logoff at the MAPILogonEx in `logon`). The project's
// `.ctx("what")` adapter keeps failed calls from holding anything.
use std::ptr;
use outlook_mapi::sys::*;

type Result<T> = std::result::Result<T, String>;

trait Ctx<T> {
    fn ctx(self, what: &'static str) -> Result<T>;
}

impl<T> Ctx<T> for windows::core::Result<T> {
    fn ctx(self, what: &'static str) -> Result<T> {
        self.map_err(|e| format!("{what}: {e}"))
    }
}

struct Session(IMAPISession);

impl Drop for Session {
    fn drop(&mut self) {
        eprintln!("session closed");
    }
}

fn logon() -> Result<Session> {
    let mut session = None;
    unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT, &mut session) }.ctx("MAPILogonEx")?; //~ missing-logoff
    let session = session.ok_or_else(|| "no session".to_string())?;
    Ok(Session(session))
}

fn unread(session: &Session) -> Result<u32> {
    let mut store = None;
    unsafe { session.0.OpenMsgStore(0, 0, ptr::null_mut(), ptr::null_mut(), MDB_NO_DIALOG, &mut store) }.ctx("OpenMsgStore")?;
    let store = store.ok_or_else(|| "no store".to_string())?;
    let mut prop: *mut SPropValue = ptr::null_mut();
    unsafe { HrGetOneProp(&store, PR_CONTENT_UNREAD, &mut prop) }.ctx("HrGetOneProp")?;
    let n = unsafe { (*prop).Value.ul };
    unsafe { MAPIFreeBuffer(prop as *mut _) };
    Ok(n)
}

fn main() {
    if unsafe { MAPIInitialize(ptr::null_mut()) }.is_err() {
        std::process::exit(1);
    }
    let result = logon().and_then(|s| unread(&s));
    unsafe { MAPIUninitialize() };
    match result {
        Ok(n) => println!("{n} unread"),
        Err(e) => eprintln!("unread-now: {e}"),
    }
}
