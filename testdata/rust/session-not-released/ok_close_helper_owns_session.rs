// mailbox-sweep: logs on once per profile, counts the stores, and hands each session to a
// closing helper. Correct code that looks like the bug:
// - `close` takes the session by value and logs it off; its drop at the return (on the `?`
//   path too) is the Release;
// - `close_or_give_back` hands the session back to the caller when Logoff fails, and the
//   caller releases it with `drop`;
// - `retire` logs off and moves the session into a pool that is dropped before
//   MAPIUninitialize.
use std::ptr;

use windows::core::{Error, Result};
use windows::Win32::Foundation::E_FAIL;
use windows::Win32::System::Mapi::*;

fn logon_default() -> Result<IMAPISession> {
    let mut session = None;
    unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT, &mut session)? };
    session.ok_or_else(|| Error::from(E_FAIL))
}

fn store_count(session: &IMAPISession) -> Result<u32> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    let mut n = 0u32;
    unsafe { table.GetRowCount(0, &mut n)? };
    Ok(n)
}

/// Logs off; the session is released when `session` drops here.
fn close(session: IMAPISession) -> Result<()> {
    unsafe { session.Logoff(0, 0, 0)? };
    Ok(())
}

/// Logs off; on failure the caller gets the session back to retry or release.
fn close_or_give_back(session: IMAPISession) -> std::result::Result<(), (IMAPISession, Error)> {
    if let Err(e) = unsafe { session.Logoff(0, 0, 0) } {
        return Err((session, e));
    }
    drop(session);
    Ok(())
}

/// Logs off and parks the session in `pool` (released when the pool is dropped).
fn retire(session: IMAPISession, pool: &mut Vec<IMAPISession>) {
    let _ = unsafe { session.Logoff(0, 0, 0) };
    pool.push(session);
}

fn main() -> Result<()> {
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(3);
    unsafe { MAPIInitialize(ptr::null_mut())? };
    let mut pool = Vec::new();
    for round in 0..rounds {
        let session = match logon_default() {
            Ok(s) => s,
            Err(e) => {
                eprintln!("round {round}: logon failed: {e}");
                continue;
            }
        };
        match store_count(&session) {
            Ok(n) => println!("round {round}: {n} store(s)"),
            Err(e) => eprintln!("round {round}: {e}"),
        }
        match round % 3 {
            0 => {
                if let Err(e) = close(session) {
                    eprintln!("Logoff failed: {e}");
                }
            }
            1 => {
                if let Err((session, e)) = close_or_give_back(session) {
                    eprintln!("Logoff failed: {e}; releasing anyway");
                    drop(session);
                }
            }
            _ => retire(session, &mut pool),
        }
    }
    drop(pool);
    unsafe { MAPIUninitialize() };
    Ok(())
}
