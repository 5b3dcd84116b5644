// profile-health: logs on to every profile named on the command line at the same time,
// checks that each one can open its message stores table, then closes them all.
//
// windows crate projection. Correct: each session is owned by a `ProfileSession`, whose
// `close()` takes the session out of its Option, logs it off and releases it; `Drop` calls
// `close()` for any session still held (close() is idempotent). The ProfileSessions live in
// a Vec; clearing or dropping the Vec drops each of them. `open` hands the session out as
// its result only after MAPILogonEx succeeded with a session.
use core::ptr;
use windows::core::{Error, Result};
use windows::Win32::System::AddressBook::*;

struct ProfileSession {
    name: String,
    session: Option<IMAPISession>,
}

impl ProfileSession {
    fn open(name: &str) -> Result<ProfileSession> {
        let mut profile: Vec<u8> = name.bytes().chain(std::iter::once(0)).collect();
        let mut session: Option<IMAPISession> = None;
        unsafe { MAPILogonEx(0, profile.as_mut_ptr() as *mut i8, ptr::null_mut(), MAPI_EXTENDED | MAPI_EXPLICIT_PROFILE | MAPI_NEW_SESSION | MAPI_NO_MAIL, &mut session)? };
        let Some(session) = session else {
            return Err(Error::from(MAPI_E_LOGON_FAILED));
        };
        Ok(ProfileSession { name: name.to_owned(), session: Some(session) })
    }

    fn check(&self) -> Result<u32> {
        let session = self.session.as_ref().ok_or_else(|| Error::from(MAPI_E_END_OF_SESSION))?;
        let table = unsafe { session.GetMsgStoresTable(0)? };
        let mut rows = 0u32;
        unsafe { table.GetRowCount(0, &mut rows)? };
        Ok(rows)
    }

    /// Logs off and releases the session; does nothing the second time.
    fn close(&mut self) -> Result<()> {
        if let Some(session) = self.session.take() {
            let logged_off = unsafe { session.Logoff(0, 0, 0) };
            drop(session);
            logged_off?;
        }
        Ok(())
    }
}

impl Drop for ProfileSession {
    fn drop(&mut self) {
        if let Err(e) = self.close() {
            eprintln!("{}: Logoff failed: {e}", self.name);
        }
    }
}

fn open_all(names: &[String]) -> Vec<ProfileSession> {
    let mut open = Vec::with_capacity(names.len());
    for name in names {
        match ProfileSession::open(name) {
            Ok(s) => open.push(s),
            Err(e) => eprintln!("{name}: logon failed: {e}"),
        }
    }
    open
}

fn main() {
    let names: Vec<String> = std::env::args().skip(1).collect();
    if names.is_empty() {
        eprintln!("usage: profile-health <profile>...");
        std::process::exit(2);
    }
    if let Err(e) = unsafe { MAPIInitialize(ptr::null_mut()) } {
        eprintln!("MAPIInitialize failed: {e}");
        std::process::exit(1);
    }

    let mut sessions = open_all(&names);
    let mut unhealthy = names.len() - sessions.len();
    for s in &sessions {
        match s.check() {
            Ok(n) => println!("{}: {n} store(s)", s.name),
            Err(e) => {
                eprintln!("{}: {e}", s.name);
                unhealthy += 1;
            }
        }
    }
    // Close the first one explicitly (to report its Logoff result), the rest on clear().
    if let Some(first) = sessions.first_mut() {
        if let Err(e) = first.close() {
            eprintln!("{}: Logoff failed: {e}", first.name);
        }
    }
    sessions.clear();

    unsafe { MAPIUninitialize() };
    std::process::exit(if unhealthy == 0 { 0 } else { 1 });
}
