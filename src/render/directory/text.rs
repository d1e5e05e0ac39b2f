//! Small text helpers of the views: ids from words, first sentences, A–Z
//! keys and letters, contact links and labels, and the hours data for the
//! page script.

use super::LinkView;
use crate::model::Channel;

/// Words as an id: lowercase ASCII letters and digits joined by hyphens.
pub(crate) fn slug(words: &str) -> String {
    words
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The first sentence of some Markdown, as plain text on one line.
pub(crate) fn first_sentence(markdown: &str) -> String {
    first_sentence_or_all(markdown, true)
}

pub(super) fn first_sentence_or_all(markdown: &str, first: bool) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.find(". ") {
        Some(i) if first => text[..=i].to_owned(),
        _ => text,
    }
}

pub(super) fn hidden_link(reference: &str) -> LinkView {
    LinkView {
        id: reference.to_owned(),
        name: "a service listed in the internal directory".to_owned(),
        url: None,
    }
}

pub(super) fn display_term(g: &crate::model::GlossaryEntry) -> String {
    match &g.abbreviation {
        Some(a) => format!("{} ({})", a.value, g.term.value),
        None => g.term.value.clone(),
    }
}

/// A–Z sorting that ignores case and leading punctuation.
pub(crate) fn sort_key(s: &str) -> String {
    s.trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

pub(super) fn letter_of(s: &str) -> String {
    match s
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .next()
    {
        Some(c) if c.is_ascii_alphabetic() => c.to_ascii_uppercase().to_string(),
        Some(_) => "#".to_owned(),
        None => "#".to_owned(),
    }
}

pub(super) fn channel_label(c: Channel) -> &'static str {
    match c {
        Channel::Phone => "Phone",
        Channel::Email => "Email",
        Channel::SecureEmail => "Secure email",
        Channel::WebForm => "Online form",
        Channel::Portal => "Portal",
        Channel::InPerson => "In person",
        Channel::Text => "Text message",
        Channel::Post => "Post",
    }
}

/// A `tel:`, `sms:`, `mailto:` or web link for a contact value.
pub(crate) fn contact_href(channel: Channel, value: &str) -> Option<String> {
    let v = value.trim();
    let digits = || -> String {
        v.chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect()
    };
    match channel {
        Channel::Phone => Some(format!("tel:{}", digits())),
        Channel::Text => Some(format!("sms:{}", digits())),
        Channel::Email | Channel::SecureEmail => Some(format!("mailto:{v}")),
        Channel::WebForm | Channel::Portal => Some(v.to_owned()),
        Channel::InPerson | Channel::Post => None,
    }
}

/// Openings for the "open now" script, shortest form: `DAYS:START-END` in
/// minutes, space-separated, where DAYS are the digits of the days (0 = Monday)
/// that share those times; an end at or before the start runs past midnight.
/// `mon-thu 08:45-17:00; sat,sun 10:00-14:00` is `0123:525-1020 56:600-840`.
pub(super) fn opening_data(openings: &[crate::model::hours::Opening]) -> String {
    let mut groups: Vec<((u16, u16), Vec<u8>)> = Vec::new();
    for o in openings {
        let times = (o.start, o.end);
        match groups.iter_mut().find(|(t, _)| *t == times) {
            Some((_, days)) if !days.contains(&o.day) => days.push(o.day),
            Some(_) => {}
            None => groups.push((times, vec![o.day])),
        }
    }
    groups
        .into_iter()
        .map(|((start, end), mut days)| {
            days.sort_unstable();
            let days: String = days.iter().map(u8::to_string).collect();
            format!("{days}:{start}-{end}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod opening_data_tests {
    use super::opening_data;
    use crate::model::hours::Opening;

    fn at(day: u8, start: u16, end: u16) -> Opening {
        Opening { day, start, end }
    }

    #[test]
    fn days_with_the_same_times_share_one_entry() {
        let openings = [
            at(0, 525, 1020),
            at(1, 525, 1020),
            at(3, 525, 1020),
            at(6, 600, 840),
            at(5, 600, 840),
            at(1, 525, 1020),
            at(4, 1020, 480),
        ];
        assert_eq!(
            opening_data(&openings),
            "013:525-1020 56:600-840 4:1020-480"
        );
        assert_eq!(opening_data(&[]), "");
    }
}
