// profile-pick: lists the MAPI profiles, logs on to the one chosen by name (or the default
// one) and prints its number of message stores (outlook-mapi crate).
//
// BUG: the profile administration object `admin` is created at the top of `main` and kept
// "for the summary". `main` logs off and drops the Logon (one Arc clone), then drops
// `initialized`, the last Arc<Initialize>: MAPIUninitialize. `admin` is only released at
// the closing brace of `main`, after MAPIUninitialize.
use core::ptr;
use outlook_mapi::{sys::*, *};
use windows_core::*;

const PR_DISPLAY_NAME_A: u32 = 0x3001_001E;
const PR_DEFAULT_PROFILE: u32 = 0x3D04_000B;

struct Profile {
    name: String,
    is_default: bool,
}

fn list_profiles(admin: &IProfAdmin) -> Result<Vec<Profile>> {
    let table = unsafe { admin.GetProfileTable(0)? };
    SizedSPropTagArray! { Cols[2] }
    let mut cols = Cols { aulPropTag: [PR_DISPLAY_NAME_A, PR_DEFAULT_PROFILE], ..Default::default() };
    let mut rows: RowSet = Default::default();
    unsafe { HrQueryAllRows(&table, cols.as_mut_ptr(), ptr::null_mut(), ptr::null_mut(), 0, rows.as_mut_ptr())? };
    let mut profiles = Vec::new();
    for row in rows.into_iter() {
        let mut values = row.iter();
        let Some(PropValue { value: PropValueData::AnsiString(name), .. }) = values.next() else { continue };
        let is_default = matches!(values.next(), Some(PropValue { value: PropValueData::Boolean(true), .. }));
        let name = unsafe { name.to_string() }.unwrap_or_default();
        profiles.push(Profile { name, is_default });
    }
    Ok(profiles)
}

fn store_count(session: &IMAPISession) -> Result<u32> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    let mut rows = 0u32;
    unsafe { table.GetRowCount(0, &mut rows)? };
    Ok(rows)
}

fn choose<'a>(profiles: &'a [Profile], wanted: Option<&str>) -> Option<&'a Profile> {
    match wanted {
        Some(name) => profiles.iter().find(|p| p.name.eq_ignore_ascii_case(name)),
        None => profiles.iter().find(|p| p.is_default),
    }
}

fn main() -> Result<()> {
    let wanted = std::env::args().nth(1);
    if wanted.as_deref() == Some("--help") {
        eprintln!("usage: profile-pick [profile-name]");
        return Ok(());
    }

    let initialized = Initialize::new(Default::default())?;
    let admin = unsafe { MAPIAdminProfiles(0)? };
    let profiles = list_profiles(&admin)?;
    for p in &profiles {
        println!("{}{}", p.name, if p.is_default { " (default)" } else { "" });
    }
    let Some(profile) = choose(&profiles, wanted.as_deref()) else {
        eprintln!("profile-pick: no such profile");
        return Ok(());
    };

    let logon = Logon::new(initialized.clone(), Default::default(), Some(&profile.name), None, LogonFlags { extended: true, explicit_profile: true, ..Default::default() })?;
    let counted = store_count(&logon.session);
    let logged_off = unsafe { logon.session.Logoff(0, 0, 0) };
    drop(logon);
    drop(initialized);

    match counted {
        Ok(n) => println!("{}: {n} message store(s)", profile.name),
        Err(e) => eprintln!("{}: {e}", profile.name),
    }
    logged_off
} //~ use-after-mapi-uninitialize
