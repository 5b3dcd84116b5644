// mapi-info: prints what it can about the local MAPI installation. `--version` works even
// when MAPI cannot be initialized; `stores` and `identity` need a session.
//
// windows crate projection (MAPILogonEx with the out-parameter, as in the generated
// bindings).
// BUG: `main` remembers whether MAPIInitialize succeeded (`mapi_up`) and guards the
// commands with it, but the final MAPIUninitialize is unconditional: when MAPIInitialize
// failed, it ends an initialization that never happened.
use core::ptr;
use windows::core::{Error, Result};
use windows::Win32::System::AddressBook::*;

enum Command {
    Version,
    Stores,
    Identity,
}

fn parse_args() -> Option<Command> {
    match std::env::args().nth(1).as_deref() {
        Some("--version") => Some(Command::Version),
        Some("stores") => Some(Command::Stores),
        Some("identity") => Some(Command::Identity),
        _ => None,
    }
}

/// Runs `f` on a fresh session of the default profile; Logoff happens on every path that
/// logged on, whatever `f` returned.
fn with_session<T>(f: impl FnOnce(&IMAPISession) -> Result<T>) -> Result<T> {
    let mut session: Option<IMAPISession> = None;
    unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NO_MAIL, &mut session)? };
    let Some(session) = session else {
        return Err(Error::from(MAPI_E_LOGON_FAILED));
    };
    let outcome = f(&session);
    let logged_off = unsafe { session.Logoff(0, 0, 0) };
    drop(session);
    logged_off?;
    outcome
}

fn store_count(session: &IMAPISession) -> Result<u32> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    let mut rows = 0u32;
    unsafe { table.GetRowCount(0, &mut rows)? };
    Ok(rows)
}

fn identity_size(session: &IMAPISession) -> Result<u32> {
    let mut cb = 0u32;
    let mut eid: *mut ENTRYID = ptr::null_mut();
    unsafe { session.QueryIdentity(&mut cb, &mut eid)? };
    unsafe { MAPIFreeBuffer(eid as *mut _) };
    Ok(cb)
}

fn main() {
    let Some(command) = parse_args() else {
        eprintln!("usage: mapi-info --version | stores | identity");
        std::process::exit(2);
    };

    let mapi_up = unsafe { MAPIInitialize(ptr::null_mut()) }.is_ok();
    if !mapi_up {
        eprintln!("mapi-info: MAPI is not available on this machine");
    }

    let code = match command {
        Command::Version => {
            println!("mapi-info 1.4 (MAPI {})", if mapi_up { "available" } else { "missing" });
            0
        }
        Command::Stores | Command::Identity if !mapi_up => 1,
        Command::Stores => match with_session(store_count) {
            Ok(n) => {
                println!("{n} message store(s)");
                0
            }
            Err(e) => {
                eprintln!("mapi-info: {e}");
                1
            }
        },
        Command::Identity => match with_session(identity_size) {
            Ok(cb) => {
                println!("identity entry ID: {cb} bytes");
                0
            }
            Err(e) => {
                eprintln!("mapi-info: {e}");
                1
            }
        },
    };

    unsafe { MAPIUninitialize() }; //~ unmatched-mapi-initialize
    std::process::exit(code);
}
