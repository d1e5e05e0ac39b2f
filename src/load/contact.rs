//! Reads an agency's contact routes: the channel and its value, who and what
//! each is for, opening hours (with days split across lines joined) and
//! exceptions; and checks web addresses.

use super::declare;
use super::fields::{Map, Reader};
use super::yaml::{Node, Value};
use crate::findings::Code;
use crate::model::schedule::{Exception, ExceptionHours};
use crate::model::{
    Audience, Channel, ContactRoute, Detail, DetailValue, Hours, Spanned, Text, Urgency, hours,
};
use crate::suggest;

pub(super) fn read_contact(r: &mut Reader, node: &Node, agency: &str) -> Option<ContactRoute> {
    let map = r.record(node, &declare::CONTACT)?;
    let what = "this contact route";
    let id = r.id(
        &map,
        "id",
        what,
        "add `id:`, a short lowercase name like `mash-consultation`",
    );
    let purpose = r.req_text(
        &map,
        "purpose",
        what,
        "add `purpose:` saying what this route is for",
    );
    let audience: Vec<Spanned<Audience>> = r
        .list(&map, "audience")
        .into_iter()
        .filter_map(|n| r.word(n, "audience", Audience::WORDS, Audience::from_word))
        .collect();
    if map.get("audience").is_none() {
        r.missing(
            &map,
            "audience",
            what,
            "add `audience: [professionals]`, `[public]` or both",
        );
    }
    let urgency = r.req_word(&map, "urgency", Urgency::WORDS, Urgency::from_word, what);
    let channel = r.req_word(&map, "channel", Channel::WORDS, Channel::from_word, what);
    let value = r.req_text(
        &map,
        "value",
        what,
        "add `value:` with the number, address or web address",
    );
    if let (Some(ch), Some(v)) = (&channel, &value) {
        check_contact_value(r, ch.value, v);
    }
    let hours = read_hours(r, &map, what);
    let bank_holidays = r.opt_word(&map, "bank_holidays", &["open", "closed"], |w| match w {
        "open" => Some(true),
        "closed" => Some(false),
        _ => None,
    });
    let always = matches!(hours.as_ref().map(|h| &h.value), Some(Hours::Always));
    let id = id?;
    let (Some(purpose), Some(urgency), Some(channel), Some(value), Some(hours)) =
        (purpose, urgency, channel, value, hours)
    else {
        r.dropped.push(format!("{agency}/{}", id.value));
        return None;
    };
    Some(ContactRoute {
        id,
        purpose,
        audience,
        urgency,
        channel,
        value,
        bank_holidays_open: bank_holidays.map_or(always, |b| b.value),
        hours,
        topics: r.id_list(&map, "topics"),
        team: r.opt_text(&map, "team").filter(|t| r.check_id(t)),
        out_of_hours: r.opt_reference(&map, "out_of_hours"),
        visibility: r.visibility(&map),
        exceptions: r
            .list(&map, "exceptions")
            .into_iter()
            .filter_map(|n| read_exception(r, n))
            .collect(),
        external_id: r.opt_text(&map, "external_id"),
        eligibility: r.opt_markdown(&map, "eligibility"),
        ages: r.opt_ages(&map, "ages"),
        details: read_details(r, &map, &declare::CONTACT),
        loc: r.loc(node.pos),
    })
}

/// The details `record` declares (see `declare::Detail`), each read by its shape.
fn read_details(r: &mut Reader, map: &Map, record: &'static declare::Record) -> Vec<Detail> {
    let mut details = Vec::new();
    for (field, _) in record.details() {
        let value = match field.shape {
            declare::Shape::Markdown => r.opt_markdown(map, field.key).map(DetailValue::Markdown),
            declare::Shape::Many(_) => Some(r.text_list(map, field.key))
                .filter(|l| !l.is_empty())
                .map(DetailValue::List),
            _ => r.opt_text(map, field.key).map(DetailValue::Text),
        };
        if let Some(value) = value {
            details.push(Detail { field, value });
        }
    }
    super::fields::exact(details)
}

/// One of a route's `exceptions`: `from`, `to` (default `from`), `hours`
/// (`closed` or a list of time ranges) and a `note`.
fn read_exception(r: &mut Reader, node: &Node) -> Option<Exception> {
    let map = r.record(node, &declare::EXCEPTION)?;
    let what = "this exception";
    let from = match map.get("from") {
        Some(d) => r.date(d, "from"),
        None => {
            r.missing(
                &map,
                "from",
                what,
                "add `from:` with the first day the hours change, like `2026-12-24`",
            );
            None
        }
    };
    let to = r.opt_date(&map, "to");
    let hours = read_exception_hours(r, &map, what);
    let note = r.opt_text(&map, "note");
    let from = from?;
    let to = to.unwrap_or_else(|| from.clone());
    if to.value < from.value {
        r.report(
            Code::InvalidValue,
            to.loc.pos,
            format!("`to` ({}) is before `from` ({})", to.value, from.value),
            Some("`to` is the last day of the change; swap the two dates".into()),
        );
        return None;
    }
    Some(Exception {
        from,
        to,
        hours: hours?,
        note,
        loc: r.loc(node.pos),
    })
}

/// An exception's `hours`: `closed`, or time ranges like `[09:00-12:00]`.
fn read_exception_hours(r: &mut Reader, map: &Map, what: &str) -> Option<Spanned<ExceptionHours>> {
    let hint = "write `hours: closed`, or the times it is open that day, like `[09:00-12:00, 13:00-16:00]`";
    let Some(node) = map.get("hours") else {
        r.missing(map, "hours", what, hint);
        return None;
    };
    let loc = r.loc(node.pos);
    let items: Vec<&Node> = match &node.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![node],
    };
    let texts: Vec<Text> = items
        .into_iter()
        .filter_map(|n| r.text(n, "hours"))
        .collect();
    if texts.len() == 1 && texts[0].value.trim() == "closed" {
        return Some(Spanned::new(ExceptionHours::Closed, loc));
    }
    let mut ranges = Vec::new();
    for t in &texts {
        let v = hours::normalise(&t.value);
        let v = v.as_str();
        let parsed: Result<Vec<(u16, u16)>, String> = v
            .split(',')
            .map(|range| hours::parse_time_range(range.trim()))
            .collect();
        match parsed {
            Ok(found) => ranges.extend(found),
            Err(why) => {
                let message = if v.eq_ignore_ascii_case("closed")
                    || suggest::closest(v, ["closed"]).is_some() && !v.contains(':')
                {
                    format!("`{v}` is not a valid exception `hours`; did you mean `closed`?")
                } else if v.contains(char::is_whitespace) {
                    format!(
                        "`{v}`: an exception's hours are times only, without days (the dates say which days)"
                    )
                } else {
                    format!("bad `hours`: {why}")
                };
                r.report(Code::InvalidValue, t.loc.pos, message, Some(hint.into()));
                return None;
            }
        }
    }
    if ranges.is_empty() {
        r.missing(map, "hours", what, hint);
        return None;
    }
    Some(Spanned::new(ExceptionHours::Open(ranges), loc))
}

/// `hours: 24/7`, one line of hours, or a list of lines.
fn read_hours(r: &mut Reader, map: &Map, what: &str) -> Option<Spanned<Hours>> {
    let Some(node) = map.get("hours") else {
        r.missing(
            map,
            "hours",
            what,
            "add `hours: 24/7` or a list like `[mon-fri 09:00-17:00]`",
        );
        return None;
    };
    let loc = r.loc(node.pos);
    let items: Vec<&Node> = match &node.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![node],
    };
    let reported = r.findings.len();
    let lines = join_split_days(
        items
            .into_iter()
            .filter_map(|n| r.text(n, "hours"))
            .map(|mut t| {
                t.value = hours::normalise(&t.value);
                t
            })
            .collect(),
    );
    if lines.is_empty() {
        if r.findings.len() > reported {
            return None;
        }
        r.missing(
            map,
            "hours",
            what,
            "add `hours: 24/7` or a list like `[mon-fri 09:00-17:00]`",
        );
        return None;
    }
    if lines.iter().any(|l| l.value.trim() == "24/7") {
        if lines.len() > 1 {
            r.report(
                Code::InvalidValue,
                loc.pos,
                "`24/7` already covers every hour; remove the other lines",
                None,
            );
        }
        return Some(Spanned::new(Hours::Always, loc));
    }
    let mut ok = true;
    for line in &lines {
        if let Err(why) = Hours::parse_line(&line.value) {
            r.report(
                Code::InvalidValue,
                line.loc.pos,
                format!("bad `hours`: {why}"),
                Some(
                    "write hours like `mon-fri 08:45-17:00`, `sat,sun 10:00-14:00` or `24/7`"
                        .into(),
                ),
            );
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    let text: Vec<String> = lines
        .into_iter()
        .map(|l| l.value.trim().to_owned())
        .collect();
    Hours::from_lines(&text).ok().map(|h| Spanned::new(h, loc))
}

/// In a flow list, `[sat,sun 10:00-14:00]` reads as two items, `sat` and
/// `sun 10:00-14:00`: join an item that is only days to the item after it.
/// Likewise `[mon 09:00-12:00, 13:00-17:00]`: an item that is only times
/// belongs to the days of the item before it.
fn join_split_days(lines: Vec<Text>) -> Vec<Text> {
    let mut out: Vec<Text> = Vec::with_capacity(lines.len());
    let mut pending: Option<Text> = None;
    for line in lines {
        if pending.is_none()
            && hours::is_times_only(line.value.trim())
            && let Some(before) = out.last_mut()
            && before.value.trim() != "24/7"
        {
            before.value = format!("{}, {}", before.value.trim(), line.value.trim());
            continue;
        }
        let line = match pending.take() {
            Some(mut days) => {
                days.value = format!("{},{}", days.value.trim(), line.value.trim());
                days
            }
            None => line,
        };
        let v = line.value.trim();
        if !v.contains(char::is_whitespace) && Hours::is_day_list(v) {
            pending = Some(line);
        } else {
            out.push(line);
        }
    }
    out.extend(pending);
    out
}

/// A contact's value must fit its channel: an e-mail address for e-mail, a web
/// address for forms and portals, digits for phones and texts.
fn check_contact_value(r: &mut Reader, channel: Channel, value: &Text) {
    let v = value.value.trim();
    let problem = match channel {
        Channel::Email | Channel::SecureEmail => (!looks_like_email(v))
            .then(|| format!("`{v}` is not an e-mail address, but the channel is `{channel}`")),
        Channel::WebForm | Channel::Portal => (!is_web_url(v)).then(|| {
            format!(
                "`{v}` is not a web address starting with https:// (the channel is `{channel}`)"
            )
        }),
        Channel::Phone | Channel::Text => (!looks_like_phone(v)).then(|| {
            format!("`{v}` is not a phone number (digits, spaces, +, brackets and hyphens)")
        }),
        Channel::InPerson | Channel::Post => None,
    };
    if let Some(message) = problem {
        r.report(
            Code::InvalidValue,
            value.loc.pos,
            message,
            Some("check `channel:` and `value:` belong together".into()),
        );
    }
}

/// A plain `name@domain.tld` address (with no `mailto:` and no spaces).
pub fn looks_like_email(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !v
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == '"')
        && !domain.contains('@')
}

/// An `http://` or `https://` address.
pub fn is_web_url(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && v.len() > 8
        && !v
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == '"')
}

fn looks_like_phone(v: &str) -> bool {
    v.chars().filter(char::is_ascii_digit).count() >= 3
        && v.chars().all(|c| c.is_ascii_digit() || " +()-".contains(c))
}

pub(crate) fn check_url(r: &mut Reader, url: &Text, key: &str) -> bool {
    let ok = is_web_url(url.value.trim());
    if !ok {
        r.report(
            Code::InvalidValue,
            url.loc.pos,
            format!(
                "`{key}` should be a web address starting with https://, found `{}`",
                url.value
            ),
            None,
        );
    }
    ok
}
