// A command loop. The loop pattern is bound anew in each iteration, so what one iteration
// found out about it says nothing about the next: a "logoff" command followed by a "stores"
// command uses the session after Logoff.
use outlook_mapi::*;

fn run(commands: &[String]) -> windows_core::Result<()> {
    let initialized = Initialize::new(Default::default())?;
    let logon = Logon::new(initialized, Default::default(), None, None, Default::default())?; //~ missing-logoff
    for cmd in commands {
        if cmd == "logoff" {
            unsafe { logon.session.Logoff(0, 0, 0)? }; //~ use-after-logoff
        } else if cmd == "stores" {
            let table = unsafe { logon.session.GetMsgStoresTable(0)? }; //~ use-after-logoff
            drop(table);
        }
        if cmd == "logoff" {
            println!("logged off");
        }
    }
    Ok(())
}
