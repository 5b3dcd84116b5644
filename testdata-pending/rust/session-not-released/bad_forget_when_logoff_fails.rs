// send-queued: asks the spooler to deliver what waits in the Outbox of the default profile
// and logs off; with --detach the session is left to the spooler instead.
//
// windows crate projection.
// BUG 1 (`close_session`): when Logoff fails, the session is "leaked on purpose" with
// `std::mem::forget` so that Release does not re-enter a provider in a bad state. The
// session is then never released.
// BUG 2 (`main`, --detach): the session is forgotten without Logoff and never released.
use core::ptr;
use windows::core::{Error, Result};
use windows::Win32::System::AddressBook::*;

struct Options {
    detach: bool,
    profile: Option<String>,
}

fn parse_args() -> Option<Options> {
    let mut opts = Options { detach: false, profile: None };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--detach" => opts.detach = true,
            "--profile" => opts.profile = Some(args.next()?),
            _ => return None,
        }
    }
    Some(opts)
}

fn flush_outbox(session: &IMAPISession) -> Result<()> {
    let mut status: Option<IMAPITable> = None;
    let table = unsafe { session.GetStatusTable(0)? };
    status.replace(table);
    let mut rows = 0u32;
    if let Some(t) = &status {
        unsafe { t.GetRowCount(0, &mut rows)? };
    }
    println!("{rows} transport(s) asked to flush");
    Ok(())
}

/// Logs off and releases the session it is given.
fn close_session(session: IMAPISession) -> Result<()> {
    if let Err(e) = unsafe { session.Logoff(0, 0, 0) } { //~ session-not-released
        eprintln!("send-queued: Logoff failed ({e}); not releasing the session");
        std::mem::forget(session);
        return Err(e);
    }
    drop(session);
    Ok(())
}

fn logon(opts: &Options) -> Result<IMAPISession> {
    let mut name: Option<Vec<u8>> = opts.profile.as_ref().map(|p| p.bytes().chain(std::iter::once(0)).collect());
    let name_ptr = name.as_mut().map_or(ptr::null_mut(), |n| n.as_mut_ptr() as *mut i8);
    let mut flags = MAPI_EXTENDED | MAPI_NEW_SESSION;
    flags |= if name_ptr.is_null() { MAPI_USE_DEFAULT } else { MAPI_EXPLICIT_PROFILE };
    let mut session: Option<IMAPISession> = None;
    unsafe { MAPILogonEx(0, name_ptr, ptr::null_mut(), flags, &mut session)? }; //~ session-not-released
    session.ok_or_else(|| Error::from(MAPI_E_LOGON_FAILED))
}

fn main() {
    let Some(opts) = parse_args() else {
        eprintln!("usage: send-queued [--detach] [--profile NAME]");
        std::process::exit(2);
    };
    if let Err(e) = unsafe { MAPIInitialize(ptr::null_mut()) } {
        eprintln!("MAPIInitialize failed: {e}");
        std::process::exit(1);
    }
    let mut status = 0;
    match logon(&opts) {
        Ok(session) => {
            if let Err(e) = flush_outbox(&session) {
                eprintln!("send-queued: {e}");
                status = 1;
            }
            if opts.detach {
                // Leave the session to the spooler: neither logged off nor released.
                std::mem::forget(session);
            } else if close_session(session).is_err() {
                status = 1;
            }
        }
        Err(e) => {
            eprintln!("send-queued: logon failed: {e}");
            status = 1;
        }
    }
    unsafe { MAPIUninitialize() };
    std::process::exit(status);
}
