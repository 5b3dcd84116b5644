// unread-now: prints the unread count of the default store's Inbox.
//
// Correct, in a style with a project error type: every MAPI call goes through the project's
// own `.ctx("what")` adapter before `?` (it only maps the error), so a failed call holds
// nothing. The session lives in a tuple-struct guard, `Session(..)`, built either from
// `logon()?` or in a `match` arm; its Drop logs off before the session is released.
use std::ptr;
use outlook_mapi::sys::*;

#[derive(Debug)]
enum AppError {
    Mapi(&'static str, windows::core::Error),
    NoStore,
}

type Result<T> = std::result::Result<T, AppError>;

trait Ctx<T> {
    fn ctx(self, what: &'static str) -> Result<T>;
}

impl<T> Ctx<T> for windows::core::Result<T> {
    fn ctx(self, what: &'static str) -> Result<T> {
        self.map_err(|e| AppError::Mapi(what, e))
    }
}

struct Session(IMAPISession);

impl Drop for Session {
    fn drop(&mut self) {
        let _ = unsafe { self.0.Logoff(0, 0, 0) };
    }
}

fn logon() -> Result<IMAPISession> {
    let mut session = None;
    unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT, &mut session) }.ctx("MAPILogonEx")?;
    session.ok_or(AppError::NoStore)
}

fn unread(session: &IMAPISession) -> Result<u32> {
    let mut store = None;
    unsafe { session.OpenMsgStore(0, 0, ptr::null_mut(), ptr::null_mut(), MDB_NO_DIALOG, &mut store) }.ctx("OpenMsgStore")?;
    let store = store.ok_or(AppError::NoStore)?;
    let mut prop: *mut SPropValue = ptr::null_mut();
    unsafe { HrGetOneProp(&store, PR_CONTENT_UNREAD, &mut prop) }.ctx("HrGetOneProp")?;
    let n = unsafe { (*prop).Value.ul };
    unsafe { MAPIFreeBuffer(prop as *mut _) };
    Ok(n)
}

fn run(retry: bool) -> Result<u32> {
    let session = if retry {
        match logon() {
            Ok(s) => Session(s),
            Err(_) => Session(logon()?),
        }
    } else {
        Session(logon()?)
    };
    unread(&session.0)
}

fn main() {
    if unsafe { MAPIInitialize(ptr::null_mut()) }.is_err() {
        std::process::exit(1);
    }
    let result = run(std::env::args().any(|a| a == "--retry"));
    unsafe { MAPIUninitialize() };
    match result {
        Ok(n) => println!("{n} unread"),
        Err(e) => eprintln!("unread-now: {e:?}"),
    }
}
