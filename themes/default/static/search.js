// joinedup search: a small client for the sharded index in search/index/.
// Index files are classic scripts that call back into JoinedupSearch, so search
// works offline and from file://, where fetch() and modules do not.
(function () {
  "use strict";

  var PAGE = 10;
  var FACET_LIMIT = 300;
  // A partial match must carry at least this share of the query's weight
  // with the rarest of its words that the index has ("bailiffs at the door"),
  // or the second without it ("book a safe and well visit"; not "annual
  // leave request" from "leaving care" and "requests").
  var COVER = 0.5, COVER_WITHOUT_RAREST = 2 / 3;
  // A variant that put in the directory's words for a need it recognised
  // ("her flat is full of junk" → hoarding): a record with those words needs
  // only this share of the variant's weight, and counts by its share (not
  // its square): the rest of the words rank, the need decides.
  var COVER_PUT = 1 / 3;
  // The same for a situation's variant (JoinedupSearchWho): the situation
  // is what a long question is about, its other words mostly its frame ("can
  // a family refuse an early help assessment" is consent to a referral).
  var COVER_SITUATION = 0.15;
  // What the rest of such a variant's words count, against the need's own.
  var REST = 0.5;
  // What a word in long prose counts, against one in short body text.
  var LONG_PROSE = 0.3;
  // What a match of each sort counts, against a word found as typed.
  var AS_TYPED = 1, PREFIX = 0.6, TYPO = 0.5, TYPO2 = 0.25;
  // A short word with a letter not doubled ("wel" for "well"): a slip
  // surer than most typos.
  var UNDOUBLED = 0.8;
  // A word of this many letters may have two typos ("moreland" is "moorland").
  var TWO_TYPOS = 8;
  // A longer word that begins with a word found as typed ("household" for "house").
  var PREFIX_TOO = 0.3;
  // On equal scores: needs, then the glossary's explanation, agencies, their
  // teams, routes, offers, pages (by the ids of KINDS in records.rs).
  var KIND_ORDER = [2, 0, 4, 1, 6, 5, 3];
  // A team's kind (TEAM in records.rs): its record follows its agency's.
  var TEAM = 6;
  // What a variant of the query in the directory's words counts, against the
  // query as typed, and the most variants searched.
  var VARIANT = 0.9, MAX_VARIANTS = 12;
  // What a situation's variant counts when a more precise one replaces it
  // (`instead` in JoinedupSearchWho).
  var REPLACED = 0.4;
  // What a situation that says all there is to know (`alone`) counts: more
  // than the query as typed, whose words say less ("carer rushed to hospital,
  // the woman she looks after is alone tonight": the out-of-hours team, not
  // the carers' centre).
  var ALONE = 1.2;
  // What a match counts by the kind of record (by the ids of KINDS in
  // records.rs; any other kind counts in full): the glossary explains words,
  // the rest say where to go, and shadowing offers are for learning about a
  // partner; a question beginning "where" wants a place, and one asking what
  // something is or means wants the glossary's explanation. A team is a
  // section of its agency's page, found first by its own name; what it does
  // is answered first by the need and the route that takes it.
  // (An agreement, a page of its own kind (INTENTS), counts
  // AGREEMENT_ASIDE unless the prior says otherwise.)
  var KIND_PRIOR = { term: 0.8, offer: 0.6, team: 0.7 }, WHERE_PRIOR = { term: 0.3, offer: 0.6, route: 1.25, agreement: 0.5 };
  var DEFINE_PRIOR = { term: 1.25, offer: 0.6, team: 0.6, agreement: 0.6 };
  // A question asking to spend time with a team, to see its work: the
  // shadowing offers are its answer.
  var LEARN = /\b(?:spend|spending|join|joining)\s+(?:a|an|the|some|one)?\s*(?:day|days|morning|afternoon|evening|night|shift|week)\s+(?:with|at|in|on)\b|\bshadow(?:ing)?\b|\bsit\s+in\s+(?:on|with)\b/i;
  var LEARN_PRIOR = { offer: 1.25, agency: 0.5, topic: 0.5, route: 0.4, term: 0.4, page: 0.5, team: 0.5, agreement: 0.4 };
  // A question asking where to go or who answers it, or asking for help.
  // Not who pays or funds something ("who pays for the nursing part of a
  // nursing home place"): that asks how it works, which the glossary says.
  // Nor whom to tell ("who do I tell if a teacher hurt a child"): a role
  // the glossary explains (the LADO) is its answer as much as a place.
  var PLACE = /^\s*(where|who(?!\s+(?:pays|pay|funds|fund)\b)(?!\s+(?:do|should|must|would)\s+(?:i|we|you)\s+(?:need\s+to\s+|have\s+to\s+)?(?:tell|inform|notify)\b))\b|\b(help|support|advice)\s+(for|with)\b/i;
  // A question's frame: its verb of getting in touch or doing says how, not
  // what about ("who do I talk to about …", "where do I send …", "how do I
  // make …"), and is left out so that it does not dilute the need's words.
  // "what happens at a MARAC", "what to expect from …": the question is
  // what it is.
  var WHAT_HAPPENS = /^(\s*what\s+)(?:happens|happened|(?:will|should|would|must|needs\s+to|has\s+to)\s+happen|to\s+expect)\b/i;
  var FRAME = /^(\s*(?:how|where|who|when)\s+(?:do|can|could|should|would|will|shall|to|does)\s+(?:i\s+|we\s+|you\s+|one\s+|someone\s+|they\s+)?)(?:talk|send|make|find|go|contact|tell|ask|see|reach|approach|turn|write|email|e-mail|put)\b/i;
  var DEFINE = /^\s*(what\s+(is|are)\s|what's\s|what\s+does\s.*\bmean\b|(?:meaning|definition)\s+of\s|define\s)|\b(?:meaning|means|mean|stands?\s+for|definition)\s*\??\s*$/i;
  // The words that ask what something means, which nothing in the directory
  // says ("CP meaning", "what does DoLS stand for"): the word asked about is
  // the query.
  var MEANING = /^\s*(?:meaning|definition)\s+of\s+|\b(?:meaning|means|mean|stands?\s+for|definition)\s*\??\s*$/i;
  // A question about how soon something must happen ("how long does the
  // council have to decide …", "how soon after the strategy discussion is
  // the conference"): a pathway's steps say, by their timescales; the words
  // of the timing itself are the question's frame.
  var LAST_NIGHT = /\blast\s+(night|evening)\b/gi;
  var TIMING = /^\s*(?:how\s+(?:soon|long|quickly|fast|many\s+(?:working\s+)?days)|within\s+how\s+(?:long|many)|by\s+when)\b|\btimescales?\b|\bdeadlines?\b/i;
  var TIMING_FRAME = /^\s*how\s+(?:soon|long|quickly|fast)\b|\b(?:have|has|need|needs)\s+to\s+(?:happen|take\s+place|be\s+held)\b|\b(?:happen|take\s+place|be\s+held)\s*\??\s*$/gi;
  // A query asking how to refer someone, or for a referral: the routes that
  // take referrals (their purpose says so: "Refer a child …") before pages
  // about the need, and the glossary and shadowing offers well below.
  // (Not a question about referrals themselves: "what should a referral
  // include", "do I need consent to make a referral".)
  var REFER = /\b(refer|referr\w*|referal\w*|referel\w*|reffer\w*|refferal\w*)\b/i;
  var ABOUT = /^\s*(?:what|why|(?:do|does)\s+(?:i|we|you|they|it|a\s+referral)\s+(?:need|have\s+to)\b)/i;
  var REFER_PRIOR = { route: 1.6, agency: 0.8, topic: 0.7, team: 0.6, term: 0.5, offer: 0.3, agreement: 0.4 };
  // A query naming a way to get in touch ("domestic abuse helpline", "what
  // is the number for the crisis line") wants the route, as one asking to refer.
  // "email for …" asks for an address as "email address for …" does.
  var CHANNEL = /\b((?<!(?:one|body)\s+to\s+)(?:speak|talk)\s+to(?=\s+(?!(?:about|someone|somebody|anyone|anybody|people|a\s+person|them|him|her|me|you)\b)\S)|phone\s+number|telephone\s+number|contact\s+number|number|telephone|contact\s+details|email\s+address|e-mail\s+address|e-?mail(?=\s+(?:for|of)\b))\b/gi;
  // A query ending in "number" asks for one too ("CAMHS number").
  // So does a situation followed by whom to ring ("waters broken who do I
  // ring"; a question that begins so is framed as "who do I talk to"), for
  // a team's number ("crisis team number saturday night"), or for a line by
  // what it is for ("hospice advice line").
  // Asked to speak to someone, a line too ("need to speak to mash now").
  // (Not to "someone": "i need to talk to someone" is about being heard.)
  var CONTACT = /(?<!(?:one|body)\s+to\s+)\b(?:speak|talk)\s+to\s+(?!(?:about|someone|somebody|anyone|anybody|people|a\s+person|them|him|her|me|you)\b)\S|\b(helpline|help\s+line|hotline|phone\s+number|number\s+for|telephone|contact\s+details|email\s+address|e-mail\s+address|e-?mail\s+(?:for|of))\b|\bnumber\s*$|\S\s+who\s+(?:(?:do|should|can|could|would)\s+(?:i|we|you|they)\s+|to\s+)(?:ring|call|phone)\b|\b(?:team|line|service|desk|unit|hub|duty)\s+number\b|\b(?:advice|crisis|duty|professionals?|referrals?|support|information|enquiry|enquiries|contact|phone|text|direct|access)\s+line\b/i;
  // What a question asks for, by its words: how a process goes ("what is
  // the process when …", "what happens after …", "how does a case get to
  // …") is answered by a pathway, or a meeting; which panel hears a case
  // ("who chairs …", "where can I take a case …") by a meeting; whether
  // information may be shared ("can I share …", "do I need consent …") by
  // an agreement. The manifest lists the agreements', meetings' and
  // pathways' records (`groups`: kind_records in sections.rs), which count
  // by the prior of every intent the question has (a prior, not a filter).
  // An agreement says what partners may share: asked anything else, it
  // counts AGREEMENT_ASIDE, below what says where to go and how.
  var INTENTS = [
    { test: /\b(?:process|procedure|steps)\b|^\s*what\s+(?:happens|happened|(?:will|should|would|must|needs\s+to|has\s+to)\s+happen|to\s+expect)\b|^\s*how\s+(?:does|do|is|are|will|would)\b(?!\s+(?:i|we|you)\b).*\b(?:work|get|go|taken|handled|dealt|decided|managed|arranged)\b|\b(?:has|have|need)\s+to\s+(?:tell|inform|notify|refer)\b/i,
      prior: { pathway: 1.3, meeting: 1.15 } },
    { test: /\bwho\s+(?:chairs|chair|runs|leads|sits)\b|\b(?:which|what)\s+(?:panel|meeting|conference)\b|\b(?:taken|take|bring|brought|escalated)\s+(?:\S+\s+){0,3}?to\b.*\b(?:panel|meeting|conference|marac|mappa|channel)\b|\bwhere\s+(?:can|do|should)\s+(?:i|we)\s+(?:take|bring)\b|\bwho\s+should\s+lead\b|\bnobody\s+(?:knows|is\s+sure)\b/i,
      prior: { meeting: 1.8 } },
    { test: /\b(?:share|sharing|shared|disclose|disclosing|disclosure)\b(?:\s+\S+){0,3}\s+(?:information|info|data|details|records?)\b|\b(?:information|info|data)[\s-]+shar\w*|\blawful\s+basis\b|\bgdpr\b|\bdata\s+protection\b|\bwithout\s+(?:\S+\s+){0,2}consent\b/i,
      prior: { agreement: 1 / 0.7 * 1.35 } },
    { test: TIMING, prior: { pathway: 1.3 } },
  ];
  var AGREEMENT_ASIDE = 0.7, GROUPS = ["agreement", "meeting", "pathway"];
  // Contractions typed without their apostrophe ("cant pay the rent", "dont
  // know who to call"), read as written with it, so that they are stop words
  // and everyday phrases as they are with it. Only forms that are not also
  // words ("ill", "well", "were", "its" and "id" are).
  var CONTRACTIONS = {
    cant: "can't", dont: "don't", wont: "won't", isnt: "isn't", im: "i'm", ive: "i've",
    doesnt: "doesn't", didnt: "didn't", hasnt: "hasn't", havent: "haven't", hadnt: "hadn't",
    couldnt: "couldn't", wouldnt: "wouldn't", shouldnt: "shouldn't", wasnt: "wasn't",
    werent: "weren't", arent: "aren't", aint: "ain't", youre: "you're", youve: "you've",
    theyre: "they're", theyve: "they've", weve: "we've", theres: "there's", thats: "that's",
    whats: "what's", wheres: "where's", whos: "who's", shes: "she's", hes: "he's",
    cannot: "can't", mustnt: "mustn't", neednt: "needn't",
  };
  // A section of an Act by its number ("section 47", "s.47"): a number of one
  // or two digits is not a word of the index (words drops it), but the
  // glossary's abbreviation is ("s47"), so the query gets it beside
  // "section" (a section the index has no word for is still found by
  // "section"; "section 21" is the eviction notice, not the Mental Health Act).
  var SECTION = /\b(?:section|sec|s\.)\s*(\d{1,2})\b/gi;
  var NEGATION = /^(isn't|aren't|wasn't|weren't|doesn't|don't|didn't|won't|can't|hasn't|haven't|hadn't|never|no)$/;
  function unabbreviated(q) {
    return q.replace(/[\p{L}']+/gu, function (w) {
      var l = w.toLowerCase();
      return Object.prototype.hasOwnProperty.call(CONTRACTIONS, l) ? CONTRACTIONS[l] : w;
    });
  }
  // Urgent intent: a query about danger now (a word of JoinedupSearchUrgent's
  // `danger` in assets/search-words.js) or about now itself (`now`) puts the
  // routes that answer at once first: an emergency route (999) times
  // URGENT_EMERGENCY, an urgent route open at night times URGENT_LATE (their
  // keys in the index: URGENT_EMERGENCY and URGENT_LATE in records.rs).
  var URGENT_EMERGENCY = 2.5, URGENT_LATE = 1.8, URGENT_LIFT = 0.25, DANGER_RELAX = 0.5;
  var URGENT_KEYS = ["!emergency", "!urgent", "!public"];
  // Of the routes that answer at once, one for the public only (PUBLIC_ONLY
  // in records.rs) counts this share of its score: the directory's readers
  // are staff, who have a line of their own ("child disclosed abuse at 8pm":
  // the Emergency Duty Team's professionals' line, before the public's),
  // unless the query speaks for the public (FOR_PUBLIC).
  var PUBLIC_ROUTE = 0.75;
  // Words of a query saying that it is the night or out of hours now.
  var LATE = /\b(?:tonight|night|overnight|out\s+of\s+hours|after\s+hours|early\s+hours|small\s+hours|midnight|\d{1,2}\s*(?:am|pm))\b/i;
  var FOR_PUBLIC = /\b(?:public|resident|residents|caller|callers|self[- ]?refer\w*|themselves|myself)\b/i;
  // A need found by a query about danger picks its routes that answer at
  // once (the key "!need" and the need's position: URGENT_NEED in
  // records.rs) when it scores at least this share of the best result.
  var NEED_SHARE = 0.5;
  // About danger, this share: an agency's long page that has the query's
  // words ("patient talking about suicide": the mental health trust's) is
  // no answer to danger, and the need's lines are.
  var NEED_SHARE_DANGER = 0.25;
  // Needs found about as well as the best (a share of its score).
  var NEED_TIE = 0.95;
  // The least share of a query's weight that words naming a need carry for
  // the need to answer a query nothing else answered.
  var NEED_NAMED = 0.5;
  // The least share of the weight of a description's words that one word
  // naming a need carries for the need to answer it (see describedNeeds).
  var NEED_ALONE = 0.45;
  // The least share of the weight of the words naming anything that two or
  // more words naming a need carry (see describedNeeds): well over half
  // ("young carer missing school" names a missing child by "young" and
  // "missing", about half, and is not one).
  var NEED_DESCRIBED = 0.6;
  // The weight of a word found in an abbreviation (W_ABBR in records.rs).
  var ABBR = 14;
  // The weight of an exact key (W_CONTACT in records.rs), and what a route
  // that answers at once for a need counts among the need's routes when its
  // agency does not lead on the need (a share, against one whose agency does).
  var W_CONTACT = 15, NEED_SHARED = 0.4;
  // The least weight of a word found in more than a record's text (a need's
  // name on a route: W_SYNONYM in records.rs). For a query of several words,
  // a record must have at least STRONG_SHARE of the weight of the words it
  // has found so: "printer not working" is not answered by a page whose
  // prose mentions printing, nor "holiday request form" by a route whose
  // notes mention the school holidays.
  var STRONG = 2, STRONG_SHARE = 0.5, FULL_WORDS = 3;
  // The least weight of a word found in a name or other name (W_AKA in
  // records.rs), and the share of a query's weight so found that names a
  // record ("housing options team": "team" is not in the team's name).
  var NAMED = 8, NAMED_SHARE = 0.5;
  // A query that asks for a team: see teamsFirst.
  var TEAM_ASKED = /\bteams?\s*$/i;
  // A route with this share of its agency's page's score comes above it
  // (routesFirst).
  var ROUTE_SHARE = 0.5, ROUTE_SHARE_NOW = 0.25;
  // The share of the best score a route open when the query says needs to
  // come first (openThen).
  var OPEN_THEN_SHARE = 0.5;
  // The share of the best score a line needs to come first when the query
  // asks for a number or an address (routesFirst).
  var CONTACT_SHARE = 0.3;
  // ...and above a line of another kind (a portal, a place to go), this
  // share: a line named as well, not one that mentions it.
  var CONTACT_KIND_SHARE = 0.75;
  // The share of a query's weight that names a page for the query to ask
  // for the page's own first line when it asks for a number (routesFirst).
  var NAMED_ALL = 0.9;
  // A question (not a situation described): how things work, who decides.
  var QUESTION = /^\s*(?:who|what|which|why|how|when|where|whether|is|are|does|do|can|could|should|will|would|must|may)\b/i;
  // What a record needs to be shown when no record answers a query well
  // (see fallback): this many of its words, carrying this much rarity.
  // The rarest of those words must be in at most FALLBACK_RARE of the records.
  var FALLBACK_WORDS = 2, FALLBACK_MASS = 5, FALLBACK_WEIGHT = 2, FALLBACK_RARE = 0.02;
  // A query of this many words or more is a description: when the rules
  // above find nothing, its rarest words that name something are tried.
  var LONG_QUERY = 4;

  var script = document.currentScript;
  var base = script ? script.src.replace(/assets\/search\.js(\?.*)?$/, "search/index/") : "search/index/";
  var root = script ? script.getAttribute("data-root") || "" : "";
  // Loaded in the page's head: the page can hide what only a page without
  // script needs before it is first drawn, so nothing moves when results come.
  document.documentElement.classList.add("search-js");
  var manifest = null;
  var shards = {};
  var batches = {};
  var pending = {};
  var requests = 0;
  var stop = {};
  var endings = null;

  function load(name) {
    if (pending[name]) return pending[name];
    pending[name] = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = base + name + ".js";
      s.async = true;
      s.onload = function () { resolve(); };
      s.onerror = function () { delete pending[name]; reject(new Error("could not load the search index (" + name + ")")); };
      requests++;
      document.head.appendChild(s);
    });
    return pending[name];
  }

  var api = {
    manifest: function (m) {
      manifest = m;
      (m.stop || []).forEach(function (w) { stop[w] = true; });
      endings = new RegExp("^(" + (m.endings || []).join("|") + ")$");
    },
    shard: function (i, data) { shards[i] = data; },
    records: function (b, list) { batches[b] = list; },
    stats: function () { return { requests: requests }; },
  };
  window.JoinedupSearch = api;

  // The query's words, split as the index splits text (src/render/search/text.rs):
  // letters and digits, an apostrophe inside a word kept ("can't"), a possessive
  // dropped; an e-mail address whole; a phone number as its digits.
  // A text's runs of letters, digits and apostrophes; a short name with an
  // ampersand ("a&e", "b&b") one run, as the index has it (words in
  // src/render/search/text.rs).
  function pieces(t) {
    return t.split(/[^\p{L}\p{N}'&]+/u).reduce(function (out, w) {
      if (w.indexOf("&") < 0 || /^\p{L}{1,3}&\p{L}{1,3}$/u.test(w)) out.push(w);
      else out.push.apply(out, w.split("&"));
      return out;
    }, []);
  }
  function words(q) {
    var t = q.trim().toLowerCase();
    if (/^[\d\s+().-]+$/.test(t) && (t.match(/\d/g) || []).length >= 3) {
      var digits = t.replace(/\D/g, "");
      if (t.charAt(0) === "+" && digits.lastIndexOf("44", 0) === 0) digits = "0" + digits.slice(2);
      return [{ word: digits, number: true }];
    }
    var out = [];
    t.split(/\s+/).forEach(function (chunk) {
      if (chunk.indexOf("@") > 0) { out.push({ word: chunk.replace(/^mailto:/, ""), whole: true }); return; }
      pieces(chunk.replace(/\u2019/g, "'")).forEach(function (w) {
        w = w.replace(/^'+|'+$/g, "").replace(/'s$/, "");
        if (w && !stop[w] && !/^\d{1,2}$/.test(w)) out.push({ word: w });
      });
    });
    return out;
  }

  function shardOf(key) {
    var s = manifest.shards, lo = 0, hi = s.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (s[mid] <= key) lo = mid + 1; else hi = mid;
    }
    return Math.max(0, lo - 1);
  }

  function getShard(key) {
    var i = shardOf(key);
    return load("shard-" + i).then(function () { return shards[i] || {}; });
  }

  // Damerau-Levenshtein distance, stopping early past `max`: three rows,
  // reused from call to call (a typo is looked for in thousands of keys).
  var rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];
  function distance(a, b, max) {
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > max) return max + 1;
    if (lb >= rows[0].length) rows = [new Int32Array(lb + 1), new Int32Array(lb + 1), new Int32Array(lb + 1)];
    var before = rows[0], prev = rows[1], cur = rows[2], i, j;
    for (j = 0; j <= lb; j++) prev[j] = j;
    for (i = 1; i <= la; i++) {
      var best = max + 1, ai = a.charCodeAt(i - 1);
      cur[0] = i;
      for (j = 1; j <= lb; j++) {
        var bj = b.charCodeAt(j - 1);
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
        if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, before[j - 2] + 1);
        cur[j] = v;
        if (v < best) best = v;
      }
      if (best > max) return max + 1;
      var t = before;
      before = prev;
      prev = cur;
      cur = t;
    }
    return prev[lb];
  }

  // How many mistakes make `word` the stem `key` and an ending the stemmer
  // removes ("referrals" → "referr"), at most `typos` in the stem ("hording" →
  // "hoard") and the ending ("probaton"), else `typos` + 1: typos are judged
  // against the word as written.
  function stemOf(word, key, typos) {
    var best = typos + 1;
    // A stem of four letters or fewer with a typo is a coincidence more often
    // than a misspelling ("timetable" is not "tier" and "able", nor "time"),
    // unless the word is the stem and a letter or two ("nurce" is "nurs"
    // and "e").
    if (key.length < 5 && word.length > key.length + 2) return best;
    for (var len = key.length - typos; len <= key.length + typos; len++) {
      if (len < 3 || len > word.length) continue;
      var rest = word.slice(len);
      var used = distance(word.slice(0, len), key, typos);
      if (used > typos) continue;
      if (!rest || endings.test(rest)) best = Math.min(best, used);
      // A typo in the ending: "probaton" is "probat" and "ion".
      else if (used < typos) {
        manifest.endings.forEach(function (e) {
          var more = distance(rest, e, typos - used);
          if (used + more <= typos) best = Math.min(best, used + more);
        });
      }
    }
    // A typo across the stem and its ending: "eviciton" is "evict" and "ion".
    if (best > typos && distance(word.slice(0, key.length), key, typos) <= typos) {
      manifest.endings.forEach(function (e) {
        if (Math.abs(key.length + e.length - word.length) <= typos) best = Math.min(best, distance(word, key + e, typos));
      });
    }
    return best;
  }

  // Postings are (record delta << 4 | weight); decoded once per list.
  var decoded = new WeakMap();
  function decode(list) {
    var out = decoded.get(list);
    if (out) return out;
    var ids = new Int32Array(list.length), weights = new Uint8Array(list.length), id = 0;
    for (var i = 0; i < list.length; i++) {
      id += Math.floor(list[i] / 16);
      ids[i] = id;
      weights[i] = list[i] % 16;
    }
    out = { ids: ids, weights: weights };
    decoded.set(list, out);
    return out;
  }

  // Postings of a key: a stem's list, or through a word as written to its stem.
  function postingsOf(shard, key) {
    var v = shard[key];
    if (v === undefined) return Promise.resolve(null);
    if (typeof v !== "string") return Promise.resolve({ key: key, list: v });
    return getShard(v).then(function (s) { return Array.isArray(s[v]) ? { key: v, list: s[v] } : null; });
  }

  // How much finding a key says: rare words more than common ones (BM25's idf).
  function idf(df) {
    var n = manifest.records;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  // Records matching one query word, scored by rarity × where it was found ×
  // how it matched: as typed (or its stem), as the start of a longer word (the
  // last word, as you type), with a typo. A word found as typed is not also
  // looked for with typos. `mass` is what the word could weigh at best.
  // A shard's keys, sorted once, for prefix and first-letter ranges.
  var sortedKeys = new WeakMap();
  function keysOf(shard) {
    var k = sortedKeys.get(shard);
    if (!k) { k = Object.keys(shard).sort(); sortedKeys.set(shard, k); }
    return k;
  }
  function lowerBound(keys, s) {
    var lo = 0, hi = keys.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] < s) lo = mid + 1; else hi = mid; }
    return lo;
  }

  function typoMatch(shard, key, how) {
    return postingsOf(shard, key).then(function (p) { return p && [p, how]; });
  }

  // A word with two letters swapped (`v`), or a letter not doubled, found
  // as written or as a stem and an ending the stemmer removes, weighing `how`.
  function swapMatch(v, taken, how, shard) {
    var key = shard[v] !== undefined ? v : null;
    for (var len = v.length - 1; !key && len >= 3; len--) {
      var c = v.slice(0, len);
      if (Array.isArray(shard[c]) && endings.test(v.slice(len))) key = c;
    }
    if (!key || taken[key]) return null;
    taken[key] = true;
    return typoMatch(shard, key, how);
  }

  function matchWord(q, isLast) {
    var word = q.word;
    return getShard(word).then(function (shard) {
      var found = [];
      var keys = keysOf(shard);
      var taken = {};
      var exact = false;
      if (shard[word] !== undefined) {
        exact = true;
        found.push(postingsOf(shard, word).then(function (p) { return p && [p, AS_TYPED]; }));
      } else if (!q.number && !q.whole) {
        // The longest stem that begins the word with an ending after it. A
        // short stem with a long ending may be a coincidence of a misspelt
        // word ("servises" is not "serv" and "ises"): typos are looked
        // for too, and weigh what they find less.
        for (var len = word.length - 1; len >= 3; len--) {
          var c = word.slice(0, len);
          if (Array.isArray(shard[c]) && endings.test(word.slice(len))) {
            exact = len >= 5 || word.length - len <= 2;
            taken[c] = true;
            found.push(Promise.resolve([{ key: c, list: shard[c] }, AS_TYPED]));
            break;
          }
        }
      }
      taken[word] = true;
      // A word found nowhere, not even as a stem, may be cut short ("info",
      // "approx"): the words it begins, as for the word being typed.
      var cut = !found.length && !exact && !q.whole && word.length >= 4 && shard[word] === undefined;
      if ((isLast && word.length >= 3) || q.number || cut) {
        for (var i = lowerBound(keys, word), prefixes = 0; i < keys.length && prefixes < 40 && keys[i].lastIndexOf(word, 0) === 0; i++) {
          if (taken[keys[i]]) continue;
          taken[keys[i]] = true;
          prefixes++;
          found.push(postingsOf(shard, keys[i]).then(function (p) { return p && [p, PREFIX]; }));
        }
      }
      // Two letters the wrong way round, the commonest slip of a hurried
      // typist, from four letters on: "cmahs", "mahs", "ahcp" ("hcp" first).
      if (!exact && !q.number && !q.whole && word.length >= 4) {
        for (var sw = 0; sw + 1 < word.length; sw++) {
          if (word.charAt(sw) === word.charAt(sw + 1)) continue;
          var v = word.slice(0, sw) + word.charAt(sw + 1) + word.charAt(sw) + word.slice(sw + 2);
          found.push((sw ? Promise.resolve(shard) : getShard(v)).then(swapMatch.bind(null, v, taken, TYPO)));
        }
      }
      // A short word found nowhere with a letter not doubled ("wel", "fel"
      // are "well", "fell"): the one slip safe to guess in three or four
      // letters ("car" is not "care", nor "tax" "taxi").
      if (!found.length && !q.number && !q.whole && word.length >= 3 && word.length < 5 && shard[word] === undefined) {
        for (var d = 0; d < word.length; d++) {
          var twice = word.slice(0, d + 1) + word.slice(d);
          found.push(getShard(twice).then(swapMatch.bind(null, twice, taken, UNDOUBLED)));
        }
      }
      var typos = exact || q.number || q.whole ? 0 : word.length >= TWO_TYPOS ? 2 : word.length >= 5 ? 1 : 0;
      if (typos) {
        // The first letter must be right: only keys that begin with it.
        var end = lowerBound(keys, String.fromCharCode(word.charCodeAt(0) + 1));
        for (var k = lowerBound(keys, word.charAt(0)); k < end; k++) {
          var key = keys[k];
          if (taken[key]) continue;
          var edits = distance(word, key, typos);
          if (edits > 1 && Array.isArray(shard[key]) && key.length >= 4) edits = Math.min(edits, stemOf(word, key, typos));
          // One mistake is likelier than two ("assesment" is "assess", not "assist").
          if (edits <= typos) found.push(typoMatch(shard, key, edits > 1 ? TYPO2 : TYPO));
        }
      }
      return Promise.all(found).then(function (lists) {
        var scores = new Map(), keysFound = [], typed = 0, prefix = 0, typo = 0, rarity = 0, abbr = new Set(), strong = new Set(), named = new Set();
        lists.forEach(function (pair) {
          if (!pair) return;
          var how = pair[1];
          // A word found as typed also finds longer words, below it.
          if (exact && how === PREFIX) how = PREFIX_TOO;
          var d = decode(pair[0].list), weight = idf(d.ids.length) * how;
          rarity = Math.max(rarity, idf(d.ids.length));
          if (how === AS_TYPED) typed = Math.max(typed, weight);
          else if (how === TYPO || how === TYPO2 || how === UNDOUBLED) typo = Math.max(typo, weight);
          else prefix = Math.max(prefix, weight);
          keysFound.push(pair[0].key);
          for (var i = 0; i < d.ids.length; i++) {
            // Weight 0: a word in long prose (see LONG_BODY in src/render/search/mod.rs).
            var s = (d.weights[i] || LONG_PROSE) * weight, id = d.ids[i];
            if (d.weights[i] === ABBR && how === AS_TYPED) abbr.add(id);
            if (d.weights[i] >= STRONG) strong.add(id);
            if (d.weights[i] >= NAMED) named.add(id);
            var old = scores.get(id);
            if (old === undefined || old < s) scores.set(id, s);
          }
        });
        // What the word weighs in the query (and the most one record can
        // take of it): as found as typed, else as the start of longer words
        // (as you type), else with a typo; a word found nowhere weighs what
        // the rarest word would.
        var mass = typed || prefix || typo || idf(0);
        // The first letter or two of the word being typed, found nowhere yet.
        var typing = isLast && !scores.size && word.length < 3 && !q.number;
        // `typed`: found as typed (or as its stem), not only with a typo.
        return { scores: scores, keys: keysFound, mass: mass, rarity: rarity || mass, abbr: abbr, strong: strong, named: named, typing: typing, typed: typed > 0 };
      });
    });
  }

  // The query as typed and with everyday phrases in the directory's words
  // (assets/search-words.js): [{ q, factor, last }], the query as typed first.
  // `last`: whether the variant ends with the word being typed.
  var table = null;
  // A phrase of the everyday tables with each word's ending taken off, so
  // that one entry finds its inflections ("strangled", "strangle",
  // "strangling"; "pill", "pills"). Tables are looked up as typed first.
  // A plain form keeps four letters or more ("caring" is not "car").
  function plain(w) {
    var p = w;
    if (/ing$/.test(w)) p = w.slice(0, -3);
    else if (/(ed|es)$/.test(w)) p = w.slice(0, -2);
    else if (/[^s]s$/.test(w)) p = w.slice(0, -1);
    else if (/e$/.test(w)) p = w.slice(0, -1);
    return p.length >= 4 ? p : w;
  }
  function plainPhrase(p) { return p.split(" ").map(plain).join(" "); }

  // A phrase's words as a query's are split: lowercase, curly apostrophes
  // straight, any run of other signs a space ("ex-partner" is "ex partner",
  // as the query "her ex-partner" is read).
  function rawWords(q) {
    return pieces(String(q).toLowerCase().replace(/\u2019/g, "'")).filter(Boolean);
  }
  // A theme's table as it wrote it (any case, curly apostrophes, a word or a
  // list), also under its phrases' plain forms (those written first win).
  // A word of seven letters or more that is in neither also finds a one-word
  // entry one typo away with the same first letter ("forgetfull", "alzhimers").
  // `longest`: the most words of a phrase in it, so that a query is read in
  // phrases of up to that many words (no entry is too long to be found).
  function readTable(given, value) {
    var out = Object.create(null), plainOut = Object.create(null), single = [], longest = 1;
    Object.keys(given).forEach(function (k) {
      var ws = rawWords(k), key = ws.join(" ");
      if (!key) return;
      longest = Math.max(longest, ws.length);
      out[key] = value(given[k]);
      if (key.indexOf(" ") < 0 && key.length >= 6) single.push(key);
      var p = plainPhrase(key);
      if (!(p in plainOut)) plainOut[p] = out[key];
    });
    var find = function (phrase) {
      var found = out[phrase] || plainOut[plainPhrase(phrase)];
      if (found || phrase.length < 7 || phrase.indexOf(" ") >= 0) return found;
      for (var i = 0; i < single.length; i++) {
        if (single[i].charAt(0) !== phrase.charAt(0) || distance(phrase, single[i], 1) > 1) continue;
        // A misspelling the table corrects to this very word ("alchol" is
        // "alcohol") says nothing about the word spelt right.
        var v = out[single[i]];
        if ((Array.isArray(v) && v.length === 1 ? v[0] : v) === phrase) continue;
        return v;
      }
      return undefined;
    };
    find.longest = longest;
    // Whether a phrase is in the table as it is, not one typo away.
    find.exact = function (phrase) { return out[phrase] || plainOut[plainPhrase(phrase)]; };
    return find;
  }

  var spellTable = null;
  function spelling() {
    if (!spellTable) spellTable = readTable(window.JoinedupSearchSpelling || {}, function (v) { return String(v).toLowerCase(); });
    return spellTable;
  }

  function everyday() {
    if (table) return table;
    table = readTable(window.JoinedupSearchWords || {}, function (v) {
      var to = [].concat(v).filter(function (t) { return typeof t === "string"; });
      return to.map(function (t) { return t.toLowerCase(); });
    });
    return table;
  }

  // How urgent a query sounds: 2 for danger ("fell and can't get up", "smell
  // of gas") or harm now ("being hurt right now", "missing tonight"), 1 for
  // harm or now alone ("adult being abused", "tonight"), else 0; -1 for a
  // query about planning or learning ("suicide prevention training", "stroke
  // rehab"). Phrases of any length the lists have, matched on the words as typed.
  var urgentTable = null;
  // `put`: the directory's words that variants put in for everyday phrases
  // ("not back" → missing): harm they name counts, with a word of now in
  // the query itself, as danger ("not back at the children's home and it's
  // midnight").
  function urgentKinds() {
    if (!urgentTable) {
      var given = window.JoinedupSearchUrgent || {}, kinds = {};
      ["now", "harm", "danger", "calm", "at"].forEach(function (kind) {
        [].concat(given[kind] || []).forEach(function (k) { kinds[String(k)] = kind; });
      });
      urgentTable = readTable(kinds, function (kind) { return kind; });
    }
    return urgentTable;
  }
  function urgency(q, put) {
    urgentKinds();
    var raw = rawWords(q);
    var seen = {};
    for (var i = 0; i < raw.length; i++) {
      for (var len = 1; len <= urgentTable.longest && i + len <= raw.length; len++) {
        var kind = urgentTable(raw.slice(i, i + len).join(" "));
        if (kind) seen[kind] = true;
      }
    }
    if (seen.calm) return -1;
    var putHarm = (put || []).some(function (p) { return urgentTable(p) === "harm" || urgentTable(p) === "danger"; });
    if (putHarm && seen.now) return 2;
    return seen.danger || (seen.harm && seen.now) ? 2 : seen.harm || seen.now || seen.at ? 1 : 0;
  }

  // Whether a query says when, in words of JoinedupSearchUrgent's `now` or
  // `at` ("tonight", "at the weekend", "2am").
  function atTime(q) {
    var t = urgentKinds(), raw = rawWords(q);
    for (var i = 0; i < raw.length; i++) {
      for (var len = 1; len <= t.longest && i + len <= raw.length; len++) {
        var kind = t(raw.slice(i, i + len).join(" "));
        if (kind === "now" || kind === "at") return true;
      }
    }
    return false;
  }

  // The records under the urgent-intent keys: [emergency ids, urgent-at-night
  // ids, routes for the public only], read once.
  var urgentSets = null;
  function urgentRoutes() {
    if (!urgentSets) {
      urgentSets = Promise.all(URGENT_KEYS.map(function (key) {
        return getShard(key).then(function (shard) {
          var list = shard[key];
          return new Set(Array.isArray(list) ? decode(list).ids : []);
        });
      }));
      urgentSets.catch(function () { urgentSets = null; });
    }
    return urgentSets;
  }

  // The records of each kind of GROUPS (`groups` in the manifest:
  // runs of [kind, first record, count]), as sets, made once.
  var kindSets = null;
  function kindRecords() {
    if (!kindSets) {
      kindSets = GROUPS.map(function () { return new Set(); });
      (manifest.groups || []).forEach(function (run) {
        var at = GROUPS.indexOf(run[0]);
        for (var i = 0; at >= 0 && i < run[2]; i++) kindSets[at].add(run[1] + i);
      });
    }
    return kindSets;
  }
  // What a question's intents (INTENTS) make of each kind with a key: { kind: factor }.
  // `byKind`: the question's prior by kind (KIND_PRIOR …), which may name these too.
  function intentPriors(asked, byKind) {
    var out = { agreement: byKind.agreement || AGREEMENT_ASIDE, meeting: byKind.meeting || 1, pathway: byKind.pathway || 1 };
    INTENTS.forEach(function (intent) {
      if (!intent.test.test(asked)) return;
      Object.keys(intent.prior).forEach(function (k) { out[k] *= intent.prior[k]; });
    });
    return out;
  }
  // Scores of `best` times their kind's factor in `priors`.
  function weighKinds(best, sets, priors) {
    GROUPS.forEach(function (kind, i) {
      var f = priors[kind];
      if (f === 1) return;
      sets[i].forEach(function (id) { if (best.has(id)) best.set(id, best.get(id) * f); });
    });
  }

  // The needs a query names by who is harmed and how (JoinedupSearchWho in
  // assets/search-words.js): [need words], each once.
  var whoTables = null;
  function needsByWho(raw) {
    if (!whoTables) {
      var given = window.JoinedupSearchWho || {};
      whoTables = Object.keys(given).map(function (need) {
        var as = function () { return true; };
        // `not` is matched exactly, not by plain forms or typos: "looked"
        // (a child in care) must not rule out "looking after" (a young carer).
        var t = { need: given[need].put || need, who: readTable(toKeys(given[need].who), as), what: readTable(toKeys(given[need].what), as), not: {}, instead: [].concat(given[need].instead || []) };
        t.when = given[need].when ? readTable(toKeys(given[need].when), as) : null;
        t.alone = given[need].alone === true;
        t.longest = Math.max(t.who.longest, t.what.longest, t.when ? t.when.longest : 1);
        Object.keys(toKeys(given[need].not)).forEach(function (k) {
          var ws = rawWords(k);
          if (ws.length) t.not[ws.join(" ")] = true;
          t.longest = Math.max(t.longest, ws.length);
        });
        return t;
      });
    }
    var found = whoTables.filter(function (t) {
      var who = false, what = false, when = !t.when;
      for (var i = 0; i < raw.length; i++) {
        for (var len = 1; len <= t.longest && i + len <= raw.length; len++) {
          var phrase = raw.slice(i, i + len).join(" ");
          // Harm someone does to themselves is not harm done to them.
          if (Object.prototype.hasOwnProperty.call(t.not, phrase)) return false;
          who = who || !!t.who(phrase);
          what = what || !!t.what(phrase);
          when = when || !!t.when(phrase);
        }
      }
      return who && what && when;
    });
    // A situation more precise than another names its answer instead ("a
    // teacher hurting a pupil" is an allegation against staff, not only harm
    // to a child): the other is searched too, well below it.
    // (`byAlone`: replaced only by a situation searched alone, which a query
    // about danger does not search: then this one counts in full.)
    var replaced = {};
    found.forEach(function (t) {
      t.instead.forEach(function (n) { replaced[n] = replaced[n] === true || !t.alone ? true : "alone"; });
    });
    return found.map(function (t) {
      return { need: t.need, factor: replaced[t.need] ? VARIANT * REPLACED : t.alone ? ALONE : VARIANT, alone: !!t.alone, byAlone: replaced[t.need] === "alone" };
    });
  }
  function toKeys(list) {
    var out = {};
    [].concat(list || []).forEach(function (k) { out[String(k)] = true; });
    return out;
  }

  // `said`: the query with its words of NOW_ONLY, for the situations'
  // words that rule one out ("not a fire now").
  function variants(q, said) {
    var table = everyday();
    var raw = rawWords(q);
    // The query as typed, and the query with every phrase the table knows
    // read as the directory's words: "not come home" is about someone
    // missing, so no variant keeps it as "home" beside another replacement.
    var readAs = {};
    var typed = { q: q, factor: 1, last: true, put: "", readAs: readAs };
    var out = [{ parts: [], factor: VARIANT, last: true, put: [], fuzzy: [] }], any = false;
    if (words(q).some(function (w) { return w.number || w.whole; })) return [typed];
    // A misspelling (JoinedupSearchSpelling: "assesment") is read spelt
    // right, as if so typed (not put in as a need's words that decide
    // alone), and phrases find it ("probaton officer").
    var spelt = spelling();
    var spell = function (w) {
      var to = spelt(w);
      if (!to || to === w) return w;
      any = true;
      return to;
    };
    raw = raw.map(spell);
    for (var i = 0; i < raw.length;) {
      var len = Math.min(table.longest, raw.length - i), found = null;
      for (; len > 0 && !found; len--) {
        var phrase = raw.slice(i, i + len).join(" ").replace(/^'+|'+$/g, "");
        var to = phrase && table(phrase);
        // A negation is a negation however it is written: "isn't washing"
        // and "doesn't wash" find "not washing".
        if (!to && len > 1 && NEGATION.test(raw[i])) to = table("not " + raw.slice(i + 1, i + len).join(" "));
        // (A word read as an entry one typo away is `fuzzy`: see search.)
        if (to) found = { words: phrase, len: len, to: to, fuzzy: len === 1 && !table.exact(phrase) ? phrase : null };
      }
      if (!found) {
        out.forEach(function (v) { v.parts.push(raw[i]); });
        i++;
        continue;
      }
      // A phrase about danger the table reads as other words ("end my
      // life" is a mental health crisis): its words as typed say less
      // ("life" is not the end of life).
      if (found.len > 1 && urgentKinds()(found.words) === "danger") {
        raw.slice(i, i + found.len).forEach(function (w) { readAs[w] = true; });
      }
      var atEnd = i + found.len === raw.length, next = [];
      any = true;
      out.forEach(function (v) {
        found.to.forEach(function (to) {
          next.push({ parts: v.parts.concat([to]), factor: VARIANT, last: v.last && !atEnd, put: v.put.concat([to]), fuzzy: found.fuzzy ? v.fuzzy.concat([found.fuzzy]) : v.fuzzy });
        });
      });
      out = next.slice(0, MAX_VARIANTS);
      i += found.len;
    }
    // Harm named by who suffers it: the need's words put in, beside the
    // query's own (its family words left out as above).
    var base = any ? out : [{ parts: raw.slice(), factor: VARIANT, last: true, put: [] }];
    needsByWho(said && said !== q ? rawWords(said).map(spell) : raw).forEach(function (found) {
      any = true;
      // A situation that says all there is to know: its words alone.
      if (found.alone) { out.push({ parts: [found.need], factor: found.factor, last: false, put: [found.need], alone: true }); return; }
      base.slice(0, 2).forEach(function (v) {
        out.push({ parts: [found.need].concat(v.parts), factor: found.factor, last: v.last, put: v.put.concat([found.need]), byAlone: found.byAlone, situation: true, fuzzy: v.fuzzy });
      });
    });
    if (!any) return [typed];
    return [typed].concat(out.map(function (v) { return { q: v.parts.join(" "), factor: v.factor, last: v.last, put: v.put.join(" "), puts: v.put, alone: !!v.alone, byAlone: !!v.byAlone, situation: !!v.situation, fuzzy: v.fuzzy || [] }; }));
  }

  // Records for one variant of the query, into `best` (id → the best score
  // any variant gives): those with every word, and those with enough of the
  // query's weight and every match of one of its `needs` (the words a
  // variant put in for each need it recognised: "overdosed on heroin" is
  // answered by 999 ambulance or by drugs, not only by both; `required`:
  // all of them);
  // when nothing matches well, none. Scores are times the variant's `factor`
  // and the kind's `prior` (none for an abbreviation's explanation: what
  // someone typing it needs). Returns how many records had every word.
  function scoreVariant(matches, required, needs, factor, prior, best, loose, situation) {
    // A word still being typed waits for its third letter.
    var typed = matches.filter(function (m) { return !m.typing; });
    if (typed.length) matches = typed;
    var abbr = matches.filter(function (m) { return m.abbr.size; });
    var mass = 0;
    matches.forEach(function (m) { mass += m.mass; });
    function add(id, s) {
      var kind = kindOf(id), p = prior[kind];
      if (p !== 1 && !prior.refer && abbr.length && abbr.some(function (m) { return m.abbr.has(id); })) p = 1;
      // A team named by the query (most of its weight in the team's name or
      // other names) is what is asked for, as its agency would be.
      if (kind === TEAM && !prior.refer && namedShare(id) >= NAMED_SHARE) p = prior[0];
      s *= factor * p;
      var old = best.get(id);
      if (old === undefined || old < s) best.set(id, s);
    }
    function namedShare(id) {
      var n = 0;
      matches.forEach(function (m) { if (m.named.has(id)) n += m.mass; });
      return n / mass;
    }
    // One word: every record with it has every word.
    if (matches.length === 1) {
      matches[0].scores.forEach(function (s, id) { add(id, s); });
      return matches[0].scores.size;
    }
    var total = 0, rarest = -1;
    // In a variant that put in a need's words, a word found nowhere is
    // filler ("loud music every night next door"), not a sign of a query
    // the directory cannot answer.
    // Not when two or more of the query's own words are there and none is
    // found as typed, one of them nowhere: the words put in are then all
    // that matches ("podiatry toenail cutting" is not self-harm).
    if (required.length) {
      var own = matches.filter(function (m) { return required.indexOf(m) < 0; });
      if (own.length >= 2 && !own.some(function (m) { return m.typed; }) && own.some(function (m) { return !m.scores.size; })) return 0;
      matches = matches.filter(function (m) { return m.scores.size; });
    }
    matches.forEach(function (m, j) {
      total += m.mass;
      if (m.scores.size && (rarest < 0 || m.mass > matches[rarest].mass)) rarest = j;
    });
    // Each record's sums over the query's words, in arrays by record kept
    // from query to query (only the records touched are reset).
    var w = workspace(), sum = w.sum, cover = w.cover, had = w.had, firm = w.firm, put = w.put;
    var hits = w.hits, mask = w.mask, touched = w.touched, nt = 0, nFull = 0;
    for (var j = 0; j < matches.length; j++) {
      var m = matches[j], list = listOf(m), bit = j < 31 ? 1 << j : 0, isPut = required.indexOf(m) >= 0;
      for (var i = 0; i < list.ids.length; i++) {
        var id = list.ids[i], sc = list.scores[i];
        if (!hits[id]) touched[nt++] = id;
        hits[id]++;
        mask[id] |= bit;
        sum[id] += sc;
        // A word found only in body text covers half its weight of the
        // query, in long prose less ("dog" in a list of risks is no answer
        // to "dog warden").
        cover[id] += Math.min(m.mass, sc / 2);
        // Of the query's weight a record has, how much is found in more
        // than its text (a word by its rarity, however it was found: a
        // misspelt name names as much as one typed right, "alchohol detox").
        had[id] += m.rarity;
        if (list.strong[i]) firm[id] += m.rarity;
        if (isPut) put[id] += sc;
      }
    }
    // Every word of the query is in at most FALLBACK_RARE of the records.
    var allRare = matches.every(function (m) { return m.scores.size && m.rarity >= idf(FALLBACK_RARE * manifest.records); });
    // Whether record `id` has the query's `j`th word.
    function has(j, id) {
      return j < 0 ? false : j < 31 ? (mask[id] & (1 << j)) !== 0 : matches[j].scores.has(id);
    }
    function expands(id) {
      return abbr.some(function (m) { return m.abbr.has(id); });
    }
    function lacksNamed(id) {
      return matches.some(function (m, j) { return m.strong.size && !has(j, id); });
    }
    // The words a variant put in for each need, as positions in the query.
    var needsAt = needs.map(function (need) {
      return need.map(function (m) { return matches.indexOf(m); });
    });
    function one(id) {
      var s = sum[id];
      // Unless it has every word of a query of FULL_WORDS or more: all of
      // them in one short text say what the record is about ("do I need
      // consent to share information about a child at risk").
      // Nor when every word is rare and this record has them all: two rare
      // words in one text are what it is about ("nitrous oxide" in what a
      // young people's drug service works on).
      if (firm[id] < STRONG_SHARE * had[id] && !(hits[id] === matches.length && (matches.length >= FULL_WORDS || allRare))) return;
      // What the need's own words give a record, when a variant put them in.
      if (required.length) s = put[id] + REST * (s - put[id]);
      if (hits[id] === matches.length) {
        nFull++;
        add(id, s);
      } else if (!needsAt.length || needsAt.some(function (need) { return need.every(function (j) { return has(j, id); }); })) {
        var share = cover[id] / total;
        // The need decides: a record with its words counts by what it has,
        // as a full match does (a focused need page before a long agency
        // page that has the query's other words somewhere).
        if (required.length && share >= (situation ? COVER_SITUATION : COVER_PUT) * loose.relax) add(id, s);
        // A record missing words counts by the square of the share it has.
        // A word the directory names somewhere (in more than text) that
        // the record lacks says it is about something else: it needs the
        // larger share ("annual leave form" is not answered by "annual
        // health check").
        // What an abbreviation typed stands for is what the query is about
        // ("eha form" asks for the Early Help Assessment, whatever else
        // "form" names).
        else if (share >= (has(rarest, id) && (!lacksNamed(id) || expands(id)) ? COVER : COVER_WITHOUT_RAREST) * loose.relax) add(id, s * share * share);
        else if (loose.scores) loose.scores.set(id, Math.max(loose.scores.get(id) || 0, s * factor));
      }
    }
    for (var t = 0; t < nt; t++) {
      var at = touched[t];
      one(at);
      sum[at] = cover[at] = had[at] = firm[at] = put[at] = 0;
      hits[at] = 0;
      mask[at] = 0;
    }
    return nFull;
  }

  // The arrays scoreVariant sums in, one slot per record, reused.
  var work = null;
  function workspace() {
    var n = manifest.records;
    if (!work || work.n !== n) {
      work = {
        n: n, sum: new Float64Array(n), cover: new Float64Array(n), had: new Float64Array(n),
        firm: new Float64Array(n), put: new Float64Array(n), hits: new Uint8Array(n),
        mask: new Uint32Array(n), touched: new Int32Array(n),
      };
    }
    return work;
  }

  // A word's matches as arrays (records, scores, whether found in more
  // than text), made once per word.
  function listOf(m) {
    if (m.list) return m.list;
    var n = m.scores.size, list = { ids: new Int32Array(n), scores: new Float64Array(n), strong: new Uint8Array(n) }, i = 0;
    m.scores.forEach(function (s, id) {
      list.ids[i] = id;
      list.scores[i] = s;
      list.strong[i] = m.strong.has(id) ? 1 : 0;
      i++;
    });
    m.list = list;
    return list;
  }

  // A query of several words that no record answered well (a long
  // description in words the directory does not use): the records with
  // FALLBACK_WORDS or more of its words, at least one of them in more than
  // their text, whose words found carry FALLBACK_MASS of rarity (idf) or
  // more, found where they count on average more than in text
  // (FALLBACK_WEIGHT: not in passing in prose), the rarest of them rare
  // (FALLBACK_RARE), scored by what those words
  // weigh times the share of the query's weight they carry. Off-topic
  // queries ("annual leave request form") find too little to pass.
  // Returns how many it put in. `named`: a long description's second
  // chance, the rarest word the directory names something by (in more than
  // its text) in place of the rarest: a word only its prose has
  // ("somewhere", "might", "instead") may be the description's filler.
  function fallback(matches, factor, prior, best, named) {
    var total = 0, known = 0, rarest = null, sum = new Map(), had = new Map(), hits = new Map(), firm = new Map(), n = 0;
    matches.forEach(function (m) {
      if (m.typing) return;
      total += m.mass;
      if (!m.scores.size) return;
      known += m.mass;
      if ((m.strong.size || !named) && (!rarest || m.mass > rarest.mass)) rarest = m;
      m.scores.forEach(function (s, id) {
        sum.set(id, (sum.get(id) || 0) + s);
        had.set(id, (had.get(id) || 0) + m.mass);
        hits.set(id, (hits.get(id) || 0) + 1);
      });
      m.strong.forEach(function (id) { firm.set(id, (firm.get(id) || 0) + m.mass); });
    });
    // Most of the query's weight must be words the directory uses ("book a
    // hair appointment" is about hair), and a record must have the rarest
    // of them ("annual leave request" is not answered by leave and requests).
    // The rarest must be rare: a description has a word of its own ("mould",
    // "bailiffs", "music"); a request in office words does not ("holiday
    // request form").
    if (!rarest || known < total / 2 || rarest.rarity < idf(FALLBACK_RARE * manifest.records)) return 0;
    sum.forEach(function (s, id) {
      if (!rarest.scores.has(id) || hits.get(id) < FALLBACK_WORDS || !firm.get(id) || had.get(id) < FALLBACK_MASS || s < FALLBACK_WEIGHT * had.get(id)) return;
      s *= factor * prior[kindOf(id)] * had.get(id) / total;
      var old = best.get(id);
      if (old === undefined || old < s) best.set(id, s);
      n++;
    });
    if (typeof api.debug === "function") api.debug(matches, sum, had, hits, firm, total);
    return n;
  }

  // Each word's matches, kept across queries (the index does not change
  // while the page is open): a query typed word by word, or asked again,
  // looks up only its new words. At most WORD_CACHE words.
  var wordCache = new Map(), WORD_CACHE = 500;

  // A clause of time after the need ("homeless when discharged", "no one
  // to care for her after her carer went into hospital") says when the
  // need arises, not what it is: its words (those not also before it), as
  // an object, or null. A clause opening the query is the question itself.
  var WHEN = /^(.*?[\p{L}\p{N}].*?)\b(?:when|whenever|after|before|once|while|whilst|until|till)\b(.+)$/iu;
  var CONTEXT = 0.5;
  // So does who sent the asker ("what is safe harbour, my mentor said to
  // refer there": the mentor is not what is asked about). Only the asker's
  // own ("my", "our"): what "a child said" is a disclosure, about the child.
  var SENT_BY = /\b(?:my|our)\s+([\p{L}'-]+(?:\s+[\p{L}'-]+)?)\s+(?:said|says|told|tells|suggested|suggests|recommended|asked|wants)\b/iu;
  function context(q) {
    var out = {}, any = false, m = WHEN.exec(q), by = SENT_BY.exec(q);
    if (m) {
      var main = {};
      words(m[1]).forEach(function (w) { main[w.word] = true; });
      if (Object.keys(main).length) {
        words(m[2]).forEach(function (w) {
          if (!main[w.word]) { out[w.word] = true; any = true; }
        });
      }
    }
    // (Only beside other words: "my social worker said" alone is about the
    // social worker.)
    if (by && words(q.replace(by[0], " ")).length) {
      words(by[1]).forEach(function (w) { out[w.word] = true; any = true; });
    }
    return any ? out : null;
  }
  // A word's matches at `f` of their weight.
  // An area the directory serves, named beside other words ("cmht south
  // vale", "no bed tonight in the moors"), says where, not what: its words
  // count as context. The positions of its words in `ws`, or null.
  function placeNamed(ws) {
    var at = null;
    (manifest.areas || []).forEach(function (a) {
      var name = words(a[1]).map(function (w) { return w.word; });
      if (!name.length || name.length >= ws.length) return;
      for (var i = 0; i + name.length <= ws.length; i++) {
        if (name.every(function (w, j) { return ws[i + j].word === w; })) {
          at = at || {};
          for (var j = 0; j < name.length; j++) at[i + j] = true;
        }
      }
    });
    return at;
  }

  function scaled(m, f) {
    var scores = new Map();
    m.scores.forEach(function (s, id) { scores.set(id, s * f); });
    return { scores: scores, keys: m.keys, mass: m.mass * f, rarity: m.rarity * f, abbr: m.abbr, strong: m.strong, named: m.named, typing: m.typing, typed: m.typed };
  }

  // A query as it is searched: its question's frame left out, and a
  // channel ("number") when the need's words say which.
  // Whether a query names a way to get in touch (CONTACT), a helpline's name
  // misspelt too ("domestic abuse helpine").
  function contactAsked(asked) {
    return CONTACT.test(asked) || rawWords(asked).some(function (w) {
      return w.length >= 6 && CONTACT_WORDS.some(function (c) { return w.charAt(0) === c.charAt(0) && distance(w, c, 1) <= 1; });
    });
  }
  var CONTACT_WORDS = ["helpline", "hotline"];
  // A clause of purpose: "… so it is not sent back", "… so that they accept it".
  var SO_THAT = /^(.*?[\p{L}\p{N}].*?)\bso\s+(?:that|it|it's|they|he|she|we|i)\b.+$/iu;
  function reframed(asked) {
    var q = asked.replace(FRAME, "$1").replace(WHAT_HAPPENS, "$1");
    if (DEFINE.test(q) && words(q.replace(MEANING, " ")).length) q = q.replace(MEANING, " ");
    if (TIMING.test(q) && words(q.replace(TIMING_FRAME, " ")).length) q = q.replace(TIMING_FRAME, " ");
    // "Since last night" says when, not "the last weeks of life".
    q = q.replace(LAST_NIGHT, "$1");
    // A clause of purpose after a question of two words or more says why
    // it is asked, not what about ("what should I put in a referral so it
    // is not sent back").
    var so = SO_THAT.exec(q);
    if (so && words(so[1]).length >= 2) q = so[1];
    // Asked for a number or an address, the need's words say which.
    if (CONTACT.test(q) && words(q.replace(CHANNEL, " ")).length) q = q.replace(CHANNEL, " ");
    return q;
  }

  // A variant that put in only who the query is about ("kids" is
  // "children") names no need: its words found nowhere are not filler
  // ("swimming lessons for kids" is about something the directory does not
  // cover), as they are beside a need's words (see scoreVariant).
  var PERSON = /^(?:child|children|young person|young people|adult|adults|older person|older people|baby|babies|parent|parents)?$/;
  function personOnly(v) {
    return !v.situation && !v.alone && (v.puts || []).length > 0 && v.puts.every(function (p) { return PERSON.test(p); });
  }

  // Words that only say "now" say how urgent, not what about: not looked
  // up beside other words ("need to speak to mash now" is about the MASH,
  // not the one page that has "now" and "MASH"). How urgent is read from
  // the query with them.
  var NOW_ONLY = /\b(?:right now|now|immediately|asap|as soon as possible|at the moment|this minute|straight away|straightaway)\b/giu;
  function withoutNow(q) {
    var bare = q.replace(NOW_ONLY, " ");
    return words(bare).length ? bare : q;
  }

  // All records for a query, best first: each variant's records, at the best
  // score any variant gives them. Records matching every word of a variant
  // come first; when they are few, records matching enough of its weight follow.
  function search(q) {
    var asked = unabbreviated(q).replace(SECTION, "section s$1");
    var said = reframed(asked);
    q = withoutNow(said);
    if (!words(q).length) return Promise.resolve({ ids: [], all: true, words: [] });
    return load("manifest").then(function () {
      var vs = variants(q, said);
      var puts = [].concat.apply([], vs.map(function (v) { return v.puts || []; }));
      // (A word of NOW_ONLY makes harm danger, but alone is no need:
      // "need to speak to mash now" asks for the MASH's line, not the
      // lines open at night.)
      var urgent = urgency(said, puts);
      if (urgent === 1 && q !== said && urgency(q, puts) === 0) urgent = 0;
      // Asked how to refer someone, not about danger: a referral goes to a
      // service, not to 999 ("fire safety referral for a hoarder").
      var referral = urgent < 2 && REFER.test(asked) && !ABOUT.test(asked);
      // A query about planning or learning is not read as a call for 999;
      // one about danger now is not read as a situation's answer alone (the
      // routes that answer at once come first).
      vs = vs.map(function (v) { v.words = words(v.q); return v; }).filter(function (v) {
        return v.words.length && !((urgent < 0 || referral) && /\b999\b/.test(v.put)) && !(urgent > 1 && v.alone);
      }).map(function (v) {
        if (urgent > 1 && v.byAlone) v.factor = VARIANT;
        return v;
      });
      // Each word is looked up once, whatever the variants it is in.
      var lookups = wordCache;
      if (lookups.size > WORD_CACHE) lookups.clear();
      var pending = vs.map(function (v) {
        return Promise.all(v.words.map(function (w, i) {
          var asTyped = v.last && i === v.words.length - 1;
          var key = (asTyped ? "1" : "0") + (w.number ? "n" : w.whole ? "w" : "") + ":" + w.word;
          var found = lookups.get(key);
          if (!found) {
            found = matchWord(w, asTyped);
            lookups.set(key, found);
            found.catch(function () { lookups.delete(key); });
          }
          return found;
        }));
      });
      return Promise.all([Promise.all(pending), urgent > 0 ? urgentRoutes() : null]).then(function (got) {
        return { vs: vs, matches: got[0], urgent: urgent, routes: got[1], referral: referral, now: urgent > 0 || q !== said };
      });
    }).then(function (got) {
      if (!got.vs.length) return { ids: [], all: true, words: [] };
      // A word the table read as an entry one typo away that the index has
      // as typed is that word, not a misspelling ("filling" is not
      // "falling"): the variants reading it so are left out.
      var asTyped = got.vs[0].put === "" ? got.vs[0].words : [];
      var real = function (w) {
        var i = asTyped.findIndex(function (x) { return x.word === w; });
        return i >= 0 && got.matches[0][i].typed;
      };
      var keep = got.vs.map(function (v) { return !(v.fuzzy || []).some(real); });
      got.vs = got.vs.filter(function (v, n) { return keep[n]; });
      got.matches = got.matches.filter(function (m, n) { return keep[n]; });
      var byMeeting = intentPriors(asked, KIND_PRIOR).meeting > 1.3;
      // Words of a clause saying when the need arises count less than the need.
      got.matches = got.matches.map(function (ms, n) {
        // About danger, the words of a phrase the table read otherwise count
        // as context in the query as typed.
        var readAs = got.urgent > 1 && got.vs[n].readAs;
        if (readAs) ms = ms.map(function (m, i) { return readAs[got.vs[n].words[i].word] ? scaled(m, CONTEXT) : m; });
        // Not for a question about which panel hears a case: what the case
        // is when it comes there is what a meeting's threshold says ("where
        // can I take an adult … when several agencies are involved").
        var when = !byMeeting && context(got.vs[n].q);
        if (when) ms = ms.map(function (m, i) { return when[got.vs[n].words[i].word] ? scaled(m, CONTEXT) : m; });
        var place = placeNamed(got.vs[n].words);
        return place ? ms.map(function (m, i) { return place[i] ? scaled(m, CONTEXT) : m; }) : ms;
      });
      var best = new Map(), full = 0, marks = [];
      // Records that carried too little of the query to be shown; for a
      // query about danger, the thresholds are halved (someone at risk is
      // better served by a loose answer than by none).
      var danger = got.urgent > 1;
      // (A query about now keeps them too: see urgentFirst. A word that
      // says only "now", not when, does not: NOW_ONLY.)
      var timed = got.urgent > 0 && atTime(q);
      var loose = { scores: danger || timed ? new Map() : null, relax: danger ? DANGER_RELAX : 1 };
      // Where to go comes before what a word means; more so for "where …".
      // A question about which meeting hears a case asks about the meeting,
      // not for a route to refer by ("how does a case get taken to MARAC
      // and who can refer").
      var byId = (REFER.test(asked) && !ABOUT.test(asked) && !byMeeting) || contactAsked(asked) ? REFER_PRIOR
        : LEARN.test(asked) ? LEARN_PRIOR : PLACE.test(asked) ? WHERE_PRIOR : DEFINE.test(asked) ? DEFINE_PRIOR : KIND_PRIOR;
      var priors = intentPriors(asked, byId);
      var prior = manifest.kinds.map(function (k) { return byId[k[0]] || 1; });
      // Asked to refer, an abbreviation's explanation is not what is wanted.
      prior.refer = byId === REFER_PRIOR;
      got.vs.forEach(function (v, n) {
        // A record missing words of a variant must have those put in.
        var put = words(v.put).map(function (w) { return w.word; });
        var required = got.matches[n].filter(function (m, i) { return put.indexOf(v.words[i].word) >= 0; });
        var needs = (v.puts || []).map(function (p) {
          var ws = words(p).map(function (w) { return w.word; });
          return got.matches[n].filter(function (m, i) { return ws.indexOf(v.words[i].word) >= 0 && m.scores.size; });
        }).filter(function (need) { return need.length; });
        var before = best.size, nFull = scoreVariant(got.matches[n], personOnly(v) ? [] : required, needs, v.factor, prior, best, loose, v.situation);
        full += nFull;
        if (!nFull && best.size === before) return;
        got.matches[n].forEach(function (m) { marks.push.apply(marks, m.keys); });
        v.words.forEach(function (w) { marks.push(w.word); });
      });
      // Nothing matched well: the records that have enough of the words the
      // index knows, by what those words weigh.
      // A long description (LONG_QUERY words or more) that still found
      // nothing: again by its rarest word that names something.
      [false, true].forEach(function (named) {
        if (best.size || danger) return;
        got.vs.forEach(function (v, n) {
          if (named && got.matches[n].length < LONG_QUERY) return;
          if (fallback(got.matches[n], v.factor, prior, best, named)) {
            got.matches[n].forEach(function (m) { marks.push.apply(marks, m.keys); });
          }
        });
      });
      // Still nothing: a need that one of the query's words names (in its
      // name or other names), when those words carry most of its weight
      // ("mouldy flat": damp and mould is a tenant's need).
      if (!best.size && !danger && got.vs.length) {
        var ms = got.matches[0].filter(function (m) { return !m.typing; }), total = 0, byNeed = new Map();
        var first = manifest.kind_starts[1], end = manifest.kind_starts[2];
        ms.forEach(function (m) {
          total += m.mass;
          m.named.forEach(function (id) { if (id >= first && id < end) byNeed.set(id, (byNeed.get(id) || 0) + m.mass); });
        });
        if (ms.length >= 2) byNeed.forEach(function (mass, id) { if (mass >= NEED_NAMED * total) best.set(id, mass * prior[kindOf(id)]); });
        if (best.size) ms.forEach(function (m) { marks.push.apply(marks, m.keys); });
      }
      // Still nothing, or only agencies' pages (a long description whose
      // every word some big agency page has somewhere): the needs its words
      // name, above them (see describedNeeds).
      // An agency's page is indexed by its parts (its about text, its
      // teams, and what it does for a need with the routes that answer
      // it): a description that found only some of its words in some
      // parts, and no page, is as unanswered.
      if (!danger && got.vs.length && (onlyAgencies(best) || (!full && onlyAgencies(best, true) && !anyAgency(best)))) {
        var top = 0;
        best.forEach(function (s) { top = Math.max(top, s); });
        // Its own words: not those a variant put in ("care and support" for
        // "housebound"), which name needs of their own.
        var found = describedNeeds(got.matches[0], best.size > 0);
        found.forEach(function (share, id) { best.set(id, (top || 1) * (1 + share) * got.vs[0].factor); });
        if (found.size) got.matches[0].forEach(function (m) { marks.push.apply(marks, m.keys); });
      }
      weighKinds(best, kindRecords(), priors);
      teamsFirst(best, got.matches[0], TEAM_ASKED.test(asked), prior.refer);
      // A query about danger: the routes that answer at once for the need
      // it found best (its best need record) come before the others.
      // So does one about now (words saying when: "tonight", "2am"), for
      // the routes that answer at that time ("dying patient in pain 2am": the
      // hospice's advice line, before the page about the end of life).
      var needs = got.urgent > 1 || timed ? bestNeeds(best, got.urgent > 1 ? NEED_SHARE_DANGER : NEED_SHARE) : [];
      return Promise.all(needs.map(function (need) {
        return getShard(need.key).then(function (s) {
          if (!Array.isArray(s[need.key])) return null;
          // Each route by its key's weight: NEED_SHARED where its agency
          // does not lead on the need (W_NEED_SHARED in records.rs).
          var d = decode(s[need.key]), set = new Map();
          for (var i = 0; i < d.ids.length; i++) set.set(d.ids[i], d.weights[i] < W_CONTACT ? NEED_SHARED : 1);
          return set;
        });
      })).then(function (sets) {
        // Of needs found about as well, the one with routes that answer at
        // once ("not back and it's 2am": a missing child, not a child
        // missing school), first among them.
        var at = sets.findIndex(function (set) { return set && set.size; });
        if (at > 0) best.set(needs[at].id, needs[0].score * 1.001);
        if (at >= 0) sets[at].need = needs[at].id;
        return at >= 0 ? sets[at] : null;
      }).then(function (serving) {
        return Promise.resolve(got.urgent === 1 && timed ? openThen(best, got.routes, said) : null).then(function (open) {
          return { serving: serving, open: open };
        });
      }).then(function (then) {
        var serving = then.serving;
        if (got.urgent > 0) full += urgentFirst(best, got.urgent, got.routes, loose.scores, serving, timed, FOR_PUBLIC.test(asked), asked);
        // The line the query's words found best that is open when it says
        // comes first, above those open at night ("fast track at the
        // weekend": the Fast Track line, open on Saturday mornings, not the
        // district nurses').
        if (then.open !== null) {
          var most = 0;
          best.forEach(function (s) { most = Math.max(most, s); });
          if (best.get(then.open) < most) best.set(then.open, most * 1.01);
        }
        // A situation described, a referral asked for or a query about now
        // (not a question about how things work, which a page may answer).
        var situation = got.now || got.referral || (got.matches[0].length >= LONG_QUERY && !QUESTION.test(asked));
        // Asked for a number or an address: the line itself, before the
        // page or team it belongs to ("carers centre phone number").
        // (Of the kind asked for: an e-mail address, a place's address, else a number.)
        var contact = contactAsked(asked);
        var channel = /\be-?mail\b/i.test(asked) ? /^(?:m$|mailto:)/ : /\baddress\b/i.test(asked) ? /^$/ : /^(?:t$|tel:)/;
        var res = situation || contact ? routesFirst(ranked(best, full, marks), got.matches[0], got.now, contact, channel, FOR_PUBLIC.test(asked)) : ranked(best, full, marks);
        return got.urgent > 1 ? res : Promise.resolve(res).then(function (r) { return agencyFirst(r, got.matches[0], got.vs[0].words); });
      });
    });
  }

  // When a query says it is ("at the weekend", "7pm", "overnight"), as a
  // moment of an ordinary week (no bank holiday): the first that matches.
  var MOMENTS = [
    [/\b(1[0-2]|[1-9])\s*pm\b/i, function (m) { return new Date(2026, 2, 10, 12 + (+m[1] % 12), 30); }],
    [/\b(1[0-2]|[1-9])\s*am\b/i, function (m) { return new Date(2026, 2, 10, +m[1] % 12, 30); }],
    [/\bfriday\s+(?:night|evening)\b/i, new Date(2026, 2, 13, 21, 0)],
    [/\b(?:saturday|weekend)\b/i, new Date(2026, 2, 14, 11, 0)],
    [/\bsunday\b/i, new Date(2026, 2, 15, 11, 0)],
    [/\b(?:tonight|evening)\b/i, new Date(2026, 2, 10, 21, 0)],
    [/\b(?:night|overnight|midnight|early\s+hours|small\s+hours)\b/i, new Date(2026, 2, 10, 2, 0)],
  ];
  function momentAsked(q) {
    for (var i = 0; i < MOMENTS.length; i++) {
      var m = MOMENTS[i][0].exec(q);
      if (m) return typeof MOMENTS[i][1] === "function" ? MOMENTS[i][1](m) : MOMENTS[i][1];
    }
    return null;
  }

  // Of a query that says when, the route its words found best, if it is
  // not one that answers at once (which urgentFirst places), if the words
  // found it above all those, its score is OPEN_THEN_SHARE of the best or
  // more, and it is open then: its id, else null.
  function openThen(best, routes, said) {
    var at = momentAsked(said), top = 0, route = -1, urgent = 0;
    if (!at || typeof window.joinedupOpenNow !== "function") return null;
    best.forEach(function (s, id) {
      top = Math.max(top, s);
      if (kindOf(id) !== 2) return;
      if (routes[0].has(id) || routes[1].has(id)) urgent = Math.max(urgent, s);
      else if (route < 0 || s > best.get(route)) route = id;
    });
    if (route < 0 || best.get(route) < OPEN_THEN_SHARE * top || best.get(route) <= urgent) return null;
    return record(route).then(function (r) { return r && r[9] && window.joinedupOpenNow(r[9], at) ? route : null; });
  }

  // A team the query names (its name and other names carry NAMED_SHARE of
  // the query's weight, not counting words that name its agency) comes above its agency's page, which has the team's
  // name too: the team's section is the part of the page asked for
  // ("discharge team kingsmouth general"). A team's record follows its
  // agency's.
  function teamsFirst(best, matches, asked, refer) {
    // A team asked for by name ("falls team"): it comes above every other
    // record (the need's page has the words too), teams in their order.
    var top = 0, lifted = [], parts = {};
    if (asked) best.forEach(function (s) { top = Math.max(top, s); });
    best.forEach(function (s, id) {
      if (kindOf(id) !== TEAM) return;
      var agency = id - 1;
      while (agency > 0 && kindOf(agency) === TEAM) agency--;
      // Named by words that do not name its agency ("police" names the
      // police, not its teams with "police" in their names), and those
      // words most of the weight of the words that do not name the agency
      // ("fire service prevention team": the agency, then its team).
      // Two words or more: one is a word of its name, not its name
      // ("alcohol services" is not the Hospital Alcohol Care Team).
      // With the agency named, one word of the team's own is enough: the
      // query has said whose team ("vale trust attendance officers").
      // Or, the agency named, every other word is in the team's record: the
      // part of the agency asked for ("safeguarding nurses at kingsmouth
      // hospital"), unless a referral or a number is asked for (a route
      // answers "fire safety referral for a hoarder").
      var n = 0, count = 0, total = 0, agencyNamed = false, others = 0, all = true;
      matches.forEach(function (m) {
        if (m.named.has(agency)) { agencyNamed = true; return; }
        // (The word asking for a team names none.)
        if (asked && m.keys[0] === "team") return;
        total += m.mass;
        others++;
        if (m.named.has(id)) { n += m.mass; count++; }
        if (!m.scores.has(id)) all = false;
      });
      var byName = n >= NAMED_SHARE * total && count >= (agencyNamed || asked ? 1 : 2);
      if (!byName && !(agencyNamed && others && all && !refer)) return;
      // (By its record alone, only the one team of its agency that has them
      // all: "county council safeguarding" asks for the council's page.)
      if (!byName) { (parts[agency] = parts[agency] || []).push(id); return; }
      lift(id, agency, s);
    });
    Object.keys(parts).forEach(function (agency) {
      if (parts[agency].length === 1) lift(parts[agency][0], +agency, best.get(parts[agency][0]));
    });
    lifted.forEach(function (id) { best.set(id, top + best.get(id)); });
    function lift(id, agency, s) {
      if (asked) { lifted.push(id); return; }
      // (Above the agency's route too that routesFirst puts just above the
      // page: the team named is what was asked for.)
      var sa = best.get(agency);
      if (sa !== undefined && sa > s) best.set(id, sa * 1.002);
    }
  }

  // An agency's page is one record of all it does; a route of its own that
  // the query's words found is the part of it the query is about. Among the
  // first PAGE results, such a route with ROUTE_SHARE of its page's score
  // comes just above the page (ROUTE_SHARE_NOW for a query about now or
  // danger, when a team's section likewise comes below its own route),
  // unless the query names the agency or team (its name and other names
  // carry NAMED_SHARE of the query's weight: "fire and rescue" asks for the
  // page). "fire safety referral for a hoarder": the fire service's safe
  // and well referral, then its page.
  function routesFirst(res, matches, now, contact, channel, forPublic) {
    // About now, the number to ring is wanted more than the page; asked for
    // the number, any of the page's lines in the results is.
    var share = contact ? 0 : now ? ROUTE_SHARE_NOW : ROUTE_SHARE;
    var top = res.ids.slice(0, PAGE);
    var pages = top.filter(function (id) { return kindOf(id) === 0 || ((now || contact) && kindOf(id) === TEAM); });
    var routes = top.filter(function (id) { return kindOf(id) === 2; });
    if (!routes.length || (matches.length < 2 && !contact)) return res;
    var total = 0;
    matches.forEach(function (m) { total += m.mass; });
    // A page the query names is what it asks for, unless it asks for the
    // page's number: then the first page's line comes first.
    pages = contact ? pages.slice(0, 1) : pages.filter(function (id) {
      var n = 0;
      matches.forEach(function (m) { if (m.named.has(id)) n += m.mass; });
      return n < NAMED_SHARE * total;
    });
    if (!pages.length && !contact) return res;
    return Promise.all([Promise.all(top.map(record)), contact && !forPublic ? urgentRoutes() : null]).then(function (got) {
      var recs = got[0], publicOnly = got[1] ? got[1][2] : new Set();
      var url = new Map(), rec = new Map(), moved = false;
      top.forEach(function (id, i) { url.set(id, recs[i][2]); rec.set(id, recs[i]); });
      pages.forEach(function (p) {
        // A team's section: its own routes (a route's snippet names its
        // agency, then its team).
        var team = kindOf(p) === TEAM ? " · " + rec.get(p)[1] : null;
        var own = url.get(p).replace(/#.*$/, "") + "#", sp = res.score.get(p);
        var mine = routes.filter(function (id) {
          var snip = rec.get(id)[3];
          return url.get(id).lastIndexOf(own, 0) === 0 && res.score.get(id) >= share * sp &&
            (!team || snip.slice(-team.length) === team);
        });
        // Of a team's routes, its own line (named as the team is) first.
        var named = team && url.get(p).replace("#team-", "#route-");
        var r = mine.filter(function (id) { return url.get(id) === named; })[0];
        // Asked for the number of an agency the query names and nothing
        // more: its first line, as its page lists them, of the kind asked for
        // (a number, an address) when it has one; else the line that has
        // the query's other words best ("hospice advice line").
        if (r === undefined && contact) {
          var naming = 0;
          matches.forEach(function (m) { if (m.named.has(p)) naming += m.mass; });
          var kind = mine.filter(function (id) { return channel.test(rec.get(id)[8] || ""); });
          if (!kind.length) kind = mine;
          // (A line for the public alone, only when nothing else is left
          // or the query says it is for the public: "mash number" asks for
          // the professionals' line.)
          var staff = kind.filter(function (id) { return !publicOnly.has(id); });
          if (staff.length) kind = staff;
          r = naming >= NAMED_ALL * total ? Math.min.apply(null, kind) : kind[0];
        }
        if (r === undefined) r = mine[0];
        if (r === Infinity) r = undefined;
        if (r === undefined || res.score.get(r) >= sp) return;
        res.score.set(r, sp * 1.001);
        moved = true;
      });
      // Asked for a number or an address, and still a glossary entry or a
      // need's page first: the line the words found best, of the kind asked
      // for if one is, comes above it ("fast track email address").
      if (contact) {
        var lead = top[0], most = res.score.get(lead);
        top.forEach(function (id) { if (res.score.get(id) > most) { lead = id; most = res.score.get(id); } });
        // (So does a line of the kind asked for above one of another kind:
        // "mash phone number" asks for the consultation line, not the portal.)
        var ofKind = function (id) { return channel.test(rec.get(id)[8] || ""); };
        var route = kindOf(lead) === 2;
        var lines = route && ofKind(lead) ? [] : routes.filter(function (id) {
          return res.score.get(id) >= (route ? CONTACT_KIND_SHARE : CONTACT_SHARE) * most && !publicOnly.has(id) && id !== lead;
        });
        var asked = lines.filter(ofKind);
        var line = (asked.length ? asked : route ? [] : lines)[0];
        if (line !== undefined) {
          res.score.set(line, most * 1.001);
          moved = true;
        }
      }
      return moved ? ranked(res.score, +res.all, res.words) : res;
    });
  }

  // An agency the query names (every word of its name, two or more) beside
  // other words: of what the results have of it, its part that has those
  // words comes first, above another agency's ("boiler broken kingsmouth
  // homes": the landlord's own emergency repairs line, not another
  // landlord's repairs team). Not about danger (999 first, whoever is named).
  function agencyFirst(res, matches, ws) {
    var count = new Map();
    matches.forEach(function (m) {
      m.named.forEach(function (id) { if (kindOf(id) === 0) count.set(id, (count.get(id) || 0) + 1); });
    });
    var named = [];
    count.forEach(function (n, id) { if (n >= 2) named.push(id); });
    if (named.length !== 1 || matches.length <= count.get(named[0])) return res;
    var top = res.ids.slice(0, PAGE);
    if (!top.length || top[0] === named[0]) return res;
    return Promise.all(top.map(record)).then(function (recs) {
      // Named in full: every word of its name is in the query ("mental
      // health crisis" does not name Northshire Mental Health).
      var own = null, asked = {};
      ws.forEach(function (w) { asked[w.word] = true; });
      top.forEach(function (id, i) {
        if (id === named[0] && words(recs[i][1]).every(function (w) { return asked[w.word]; })) own = recs[i][2] + "#";
      });
      if (!own) return res;
      var at = -1;
      for (var i = 0; i < top.length && at < 0; i++) if (recs[i][2].lastIndexOf(own, 0) === 0) at = i;
      if (at <= 0) return res;
      res.score.set(top[at], res.score.get(top[0]) * 1.001);
      return ranked(res.score, +res.all, res.words);
    });
  }

  function anyAgency(best) {
    var any = false;
    best.forEach(function (s, id) { if (kindOf(id) === 0) any = true; });
    return any;
  }

  // Whether a query's results are none, or only agencies' pages (not their
  // teams, needs or routes; with `parts`, their teams and routes too).
  function onlyAgencies(best, parts) {
    var only = true;
    best.forEach(function (s, id) {
      var k = kindOf(id);
      if (k !== 0 && !(parts && (k === TEAM || k === 2))) only = false;
    });
    return only;
  }

  // The needs a description names, when its words answer nothing better.
  // Its weak words (found nowhere, only with a typo, or only in prose) must
  // carry less than half its weight: "payslip missing overtime" is about a
  // payslip, "my laptop keeps crashing" about a laptop. Of its words the
  // directory names something by (found as typed in a name or other name),
  // those naming a need must be two or more carrying NEED_DESCRIBED of
  // their weight ("tenant hasn't paid rent for months and might lose the
  // flat": tenancy support, named by "tenant" and "rent"), or one carrying
  // NEED_ALONE of the weight of the words the directory uses in more than
  // prose ("just had a baby and struggling"), unless agencies' pages have
  // every word (`several`: "when is the next staff away day" is not a
  // child who ran away); and the rarest word naming a need must name it.
  // A need by the share of the named words' weight it has.
  function describedNeeds(matches, several) {
    var ms = matches.filter(function (m) { return !m.typing; }), total = 0, weak = 0, named = 0;
    var byNeed = new Map(), words = new Map(), out = new Map(), first = manifest.kind_starts[1], end = manifest.kind_starts[2];
    var rarest = null;
    ms.forEach(function (m) {
      // A word found only with a typo weighs as one found nowhere.
      var mass = m.typed ? m.mass : idf(0);
      total += mass;
      if (!m.typed || !m.strong.size) { weak += mass; return; }
      if (!m.named.size) return;
      named += m.mass;
      m.named.forEach(function (id) {
        if (id < first || id >= end) return;
        byNeed.set(id, (byNeed.get(id) || 0) + m.mass);
        words.set(id, (words.get(id) || 0) + 1);
        if (!rarest || m.mass > rarest.mass) rarest = m;
      });
    });
    if (ms.length < 2 || weak >= total / 2) return out;
    byNeed.forEach(function (mass, id) {
      // Named by the rarest word naming a need ("had her baby last week":
      // not the last weeks of life).
      if (!rarest.named.has(id)) return;
      if (words.get(id) >= 2 ? mass >= NEED_DESCRIBED * named : !several && mass >= NEED_ALONE * (total - weak)) out.set(id, mass / named);
    });
    return out;
  }

  // The keys of the routes that answer at once for the best needs a query
  // found (URGENT_NEED in records.rs), when a need is among its best results:
  // [{ id, score, key }], best first: the best need, and those scoring
  // within NEED_TIE of it.
  function bestNeeds(best, share) {
    var top = 0, found = [], first = manifest.kind_starts[1], end = manifest.kind_starts[2];
    best.forEach(function (s, id) {
      top = Math.max(top, s);
      if (id >= first && id < end) found.push({ id: id, score: s, key: "!need" + (id - first) });
    });
    found.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
    if (!found.length || found[0].score < share * top) return [];
    return found.filter(function (n) { return n.score >= NEED_TIE * found[0].score; });
  }

  function ranked(best, full, marks) {
      var ids = [], key = [];
      best.forEach(function (s, id) { ids.push(id); key.push(s); });
      // Best first; on equal scores by kind, then in record order. Sorted as
      // positions into plain arrays (thousands of matches on a big directory).
      var order = new Array(ids.length);
      for (var i = 0; i < ids.length; i++) order[i] = i;
      var rank = ids.map(function (id) { var r = KIND_ORDER[kindOf(id)]; return r === undefined ? KIND_ORDER.length : r; });
      order.sort(function (a, b) { return key[b] - key[a] || rank[a] - rank[b] || ids[a] - ids[b]; });
      ids = order.map(function (i) { return ids[i]; });
      // `all`: some records have every word (partial ones may follow them).
      return { ids: ids, all: full > 0, words: marks, score: best };
  }

  // An urgent query's routes that answer at once, above the rest: among the
  // records it found, emergency routes and urgent ones open at night count
  // more; a query about danger that found nothing gets them all, emergency
  // routes first, rather than "No results". Returns how many it put in.
  function urgentFirst(best, level, routes, loose, serving, timed, forPublic, asked) {
    var emergency = routes[0], late = routes[1], generic = onlyAgencies(best);
    if (!forPublic) {
      routes[2].forEach(function (id) {
        if (best.has(id) && (emergency.has(id) || late.has(id))) best.set(id, best.get(id) * PUBLIC_ROUTE);
      });
    }
    if (!best.size && level > 1) {
      // Those the query's words found loosely first.
      emergency.forEach(function (id) { best.set(id, 0.02 + URGENT_EMERGENCY * (loose.get(id) || 0)); });
      late.forEach(function (id) { if (!best.has(id)) best.set(id, 0.01 + URGENT_LATE * (loose.get(id) || 0)); });
      return best.size;
    }
    var top = 0, lift = -1, liftScore = 0;
    best.forEach(function (s, id) {
      if (emergency.has(id)) s *= URGENT_EMERGENCY;
      else if (late.has(id)) s *= URGENT_LATE;
      else { top = Math.max(top, s); return; }
      best.set(id, s);
      if (s > liftScore) { lift = id; liftScore = s; }
    });
    // Danger: the best route that answers at once comes first, when it
    // answers the query at all (a share of the best score); of those that
    // serve the need the query found best, when its words found any ("carer
    // hitting my nan": a route for an adult at risk of abuse, not one for
    // domestic abuse).
    if (serving) {
      var forNeed = -1, forNeedScore = -1;
      serving.forEach(function (weight, id) {
        if (!emergency.has(id) && !late.has(id)) return;
        // (An emergency route counts in full: 999 answers danger whoever leads.)
        var s = (best.get(id) || 0) * (emergency.has(id) ? 1 : weight);
        if (s > 0 && s > forNeedScore) { forNeed = id; forNeedScore = s; }
      });
      if (forNeed >= 0 && forNeed !== lift) { lift = forNeed; liftScore = best.get(forNeed); }
      // Danger, and none of the need's lines that answer at once among
      // what the words found ("client talking about suicide": the crisis
      // line's text does not say "suicide"): the likeliest comes first, an
      // emergency line before one open late, a lead agency's before another's.
      if (forNeed < 0 && level > 1) {
        var pick = -1, pickWeight = 0;
        serving.forEach(function (weight, id) {
          if (!emergency.has(id) && !late.has(id)) return;
          var w = weight * (emergency.has(id) ? URGENT_EMERGENCY : URGENT_LATE);
          if (w > pickWeight || (w === pickWeight && id < pick)) { pick = id; pickWeight = w; }
        });
        if (pick >= 0) {
          best.set(pick, Math.max(top, liftScore) * 1.01);
          return 0;
        }
      }
      // A query about harm that is not danger: the route comes above all
      // but the need's own page (its agency's page and the glossary say
      // less about where to turn); one that says when, above the need's page
      // too when that is the night (LATE): the line open at that hour is
      // what is asked for ("mum dying at home in pain at night": the
      // hospice's advice line; but "his dad hit mum at the weekend" says
      // when it happened, and the need's page comes first).
      // About danger, the emergency route of an agency leading on the need
      // comes above the routes open late too (the police for a missing
      // child, before the out-of-hours social workers).
      var above = 0, overLate = level > 1 && emergency.has(lift) && serving.get(lift) === 1;
      best.forEach(function (s, id) {
        var urgentRoute = emergency.has(id) || late.has(id);
        if (id !== lift && (overLate || (!urgentRoute && (level > 1 || (timed && LATE.test(asked)) || id !== serving.need)))) above = Math.max(above, s);
      });
      if (forNeed >= 0 && liftScore < above) { best.set(lift, above * 1.01); return 0; }
      if (forNeed >= 0 && level < 2) return 0;
    }
    if (level > 1 && lift >= 0 && liftScore < top && liftScore >= URGENT_LIFT * top) best.set(lift, top * 1.01);
    if (level === 1 && timed && !serving && generic && best.size) answersThen(best, emergency, late, loose);
    // About the night, no need found: the line open then that the query's
    // words found comes above what they found of an agency's page or the
    // glossary ("housebound man with a blocked catheter overnight": the
    // district nurses' line, before what a district nurse is).
    else if (level === 1 && timed && !serving && lift >= 0 && LATE.test(asked) && liftScore < top && liftScore >= URGENT_LIFT * top) best.set(lift, top * 1.01);
    return 0;
  }

  // A query about now (not danger) that found only agencies' pages: the
  // route answering at that hour that its words found best, loosely too,
  // comes above them when it has URGENT_LIFT of the best score
  // ("housebound patient catheter blocked overnight nurse": the district
  // nurses' line at night, not the community health trust's page).
  function answersThen(best, emergency, late, loose) {
    var top = 0, above = 0, pick = -1, pickScore = 0, first = manifest.kind_starts[1], end = manifest.kind_starts[2];
    best.forEach(function (s, id) {
      if (emergency.has(id) || late.has(id)) return;
      top = Math.max(top, s);
      if (id < first || id >= end) above = Math.max(above, s);
    });
    [[emergency, URGENT_EMERGENCY], [late, URGENT_LATE]].forEach(function (set) {
      set[0].forEach(function (id) {
        var s = best.has(id) ? best.get(id) : (loose.get(id) || 0) * set[1];
        if (s > pickScore) { pick = id; pickScore = s; }
      });
    });
    if (pick >= 0 && pickScore < above && pickScore >= URGENT_LIFT * top) best.set(pick, above * 1.01);
    else if (pick >= 0 && !best.has(pick) && pickScore >= URGENT_LIFT * top) best.set(pick, pickScore);
  }

  // A record's batch: the last that begins at or before it (a team's record
  // is in its agency's batch, so batches differ in length).
  function record(id) {
    var s = manifest.batches, lo = 0, hi = s.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (s[mid] <= id) lo = mid + 1; else hi = mid;
    }
    var b = Math.max(0, lo - 1);
    return load("records-" + b).then(function () { return batches[b][id - s[b]]; });
  }

  // Each record's kind, by the ranges of the manifest's `kind_starts`, and
  // a team's where its agency's teams follow its record (the manifest's
  // `teams` counts them), worked out once.
  var kinds = null;
  function kindOf(id) {
    if (!kinds) {
      var starts = manifest.kind_starts, n = manifest.records;
      kinds = new Uint8Array(n);
      for (var k = 1; k < starts.length; k++) kinds.fill(k, starts[k], n);
      var at = 0;
      (manifest.teams || []).forEach(function (count) {
        kinds.fill(TEAM, at + 1, Math.min(n, at + 1 + count));
        at += count + 1;
      });
    }
    return kinds[id];
  }

  api.search = search;
  // How the word lists read a query: the queries it is also searched as
  // (everyday phrases and situations put in the directory's words) and how
  // urgent it sounds (see urgency). For a theme's author and the tests: a
  // phrase of the lists that no query can match is a mistake.
  api.explain = function (asked) {
    var said = reframed(unabbreviated(asked).replace(SECTION, "section s$1")), vs = variants(withoutNow(said), said);
    return { variants: vs.map(function (v) { return v.q; }), urgency: urgency(said, [].concat.apply([], vs.map(function (v) { return v.puts || []; }))) };
  };
  // Forgets the words looked up (the index files stay loaded): a benchmark
  // times a query as if its words were new.
  api.forget = function () { wordCache.clear(); };
  api.record = record;

  // ---- The search page ----
  // Marks whole words that begin with a matched key ("domestic", never "Domest|ic").
  // The pattern for a result list's words, made once per list of words.
  var marking = { ws: null, pattern: null };
  function markPattern(ws) {
    if (marking.ws === ws) return marking.pattern;
    var seen = {};
    var keys = ws.filter(function (w) {
      if (w.length < 2 || /^\d+$/.test(w) || w.indexOf("@") >= 0 || seen[w]) return false;
      return (seen[w] = true);
    });
    keys.sort(function (a, b) { return b.length - a.length; });
    marking = { ws: ws, pattern: keys.length ? new RegExp("(^|[^\\p{L}\\p{N}])((?:" + keys.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|") + ")[\\p{L}\\p{N}'\u2019]*)", "giu") : null };
    return marking.pattern;
  }
  function mark(parent, text, ws) {
    var pattern = markPattern(ws);
    if (!pattern) { parent.appendChild(document.createTextNode(text)); return; }
    pattern.lastIndex = 0;
    var at = 0, m;
    while ((m = pattern.exec(text))) {
      var start = m.index + m[1].length;
      parent.appendChild(document.createTextNode(text.slice(at, start)));
      var em = document.createElement("mark");
      em.textContent = m[2];
      parent.appendChild(em);
      at = start + m[2].length;
      if (m[0].length === 0) pattern.lastIndex++;
    }
    parent.appendChild(document.createTextNode(text.slice(at)));
  }

  // A route's number or address as a link, its hours, and whether it is open
  // now, by the page script's own reckoning (site.js), as on the route's page.
  function routeLine(r) {
    var p = document.createElement("p");
    p.className = "result-extra";
    var cut = r[4].indexOf(" \u00b7 ");
    var value = cut < 0 ? r[4] : r[4].slice(0, cut);
    var digits = value.replace(/[^\d+]/g, "");
    var href = { t: "tel:" + digits, s: "sms:" + digits, m: "mailto:" + value.trim(), w: value.trim() }[r[8]] || r[8];
    var a = document.createElement(href ? "a" : "span");
    if (href) a.href = href;
    a.className = "result-contact";
    a.textContent = value;
    p.appendChild(a);
    if (cut >= 0) p.appendChild(document.createTextNode(r[4].slice(cut)));
    if (r[9] && typeof window.joinedupOpenNow === "function") {
      var open = window.joinedupOpenNow(r[9], new Date());
      var st = document.createElement("span");
      st.className = "open-status " + (open ? "is-open" : "is-closed");
      st.textContent = open ? "Open now." : "Closed now.";
      p.appendChild(document.createTextNode(" "));
      p.appendChild(st);
    }
    return p;
  }

  function setupPage() {
    var form = document.getElementById("search-form");
    var input = document.getElementById("search-q");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var filters = document.getElementById("search-filters");
    var more = document.getElementById("search-more");
    var box = document.getElementById("search-filters-box");
    var browse = document.getElementById("search-browse") || document.querySelector(".search-fallback:not(#search-help-now)");
    var helpNow = document.getElementById("search-help-now");
    if (!form || !input || !list) return;
    document.documentElement.classList.add("search-ready");
    var state = { q: "", ids: [], shown: PAGE, facets: null, words: [] };
    var selects = filters ? Array.prototype.slice.call(filters.querySelectorAll("select")) : [];
    var timer = null;
    var run = 0;

    function filterValue(name) {
      var s = filters && filters.querySelector("[name=" + name + "]");
      return s ? s.value : "";
    }

    function currentFilters() {
      return { kind: filterValue("kind"), type: filterValue("type"), area: filterValue("area"), topic: filterValue("topic") };
    }

    function passes(id, r, f) {
      var kind = f.kind, type = f.type, area = f.area, topic = f.topic;
      if (kind !== "" && String(kindOf(id)) !== kind) return false;
      if (!r) return type === "" && area === "" && topic === "";
      if (type !== "" && String(r[5]) !== type) return false;
      if (area !== "" && r[6].indexOf(+area) < 0) return false;
      if (topic !== "" && r[7].indexOf(+topic) < 0) return false;
      return true;
    }

    function fillFilters(recs) {
      if (!filters) return;
      // A theme's own search page may have the filters without the control.
      if (!box) filters.hidden = !state.ids.length;
      if (box) {
        box.hidden = !state.ids.length;
        var on = selects.filter(function (s) { return s.value !== ""; }).length;
        box.querySelector("summary").textContent = on ? "Filter results (" + on + " on)" : "Filter results";
        // Closed, the filters' options wait until it is opened (see toggle).
        if (!box.open) return;
      }
      var counts = { kind: {}, type: {}, area: {}, topic: {} };
      state.ids.forEach(function (id, i) {
        var r = i < FACET_LIMIT ? recs[i] : null;
        counts.kind[kindOf(id)] = (counts.kind[kindOf(id)] || 0) + 1;
        if (!r) return;
        if (r[5] >= 0) counts.type[r[5]] = (counts.type[r[5]] || 0) + 1;
        r[6].forEach(function (a) { counts.area[a] = (counts.area[a] || 0) + 1; });
        r[7].forEach(function (t) { counts.topic[t] = (counts.topic[t] || 0) + 1; });
      });
      var names = { kind: manifest.kinds, type: manifest.types, area: manifest.areas, topic: manifest.topics };
      selects.forEach(function (s) {
        var name = s.name, keep = s.value;
        var any = s.options[0].textContent.replace(/ \(\d+\)$/, "");
        s.textContent = "";
        var first = document.createElement("option");
        first.value = "";
        first.textContent = any;
        s.appendChild(first);
        names[name].forEach(function (n, i) {
          var c = counts[name][i];
          if (!c && String(i) !== keep) return;
          var o = document.createElement("option");
          o.value = String(i);
          o.textContent = n[1] + " (" + (c || 0) + ")";
          s.appendChild(o);
        });
        s.value = keep;
      });
    }

    function render() {
      var mine = ++run;
      // The kind of a record is known from its id, so that filter needs no loading.
      var kind = filterValue("kind");
      var pool = kind === "" ? state.ids : state.ids.filter(function (id) { return String(kindOf(id)) === kind; });
      var wantAll = selects.some(function (s) { return s.value !== "" && s.name !== "kind"; });
      var need = wantAll ? pool.slice(0, FACET_LIMIT) : pool.slice(0, state.shown);
      return Promise.all(need.map(record)).then(function (recs) {
        if (mine !== run) return;
        var visible = [], f = currentFilters(), beyond = 0;
        for (var i = 0; i < need.length; i++) if (passes(need[i], recs[i], f)) visible.push([need[i], recs[i]]);
        // Without record-based filters, every match beyond those loaded still counts.
        if (!wantAll) beyond = pool.length - need.length;
        list.textContent = "";
        visible.slice(0, state.shown).forEach(function (v) {
          var r = v[1];
          if (!r) return;
          var li = document.createElement("li");
          var kind = document.createElement("span");
          kind.className = "result-kind";
          kind.textContent = manifest.kinds[r[0]][1];
          var a = document.createElement("a");
          a.href = root + r[2];
          mark(a, r[1], state.words);
          var p = document.createElement("p");
          p.className = "result-snippet";
          mark(p, r[3], state.words);
          li.appendChild(kind);
          li.appendChild(document.createTextNode(" "));
          li.appendChild(a);
          li.appendChild(p);
          if (r.length > 8) {
            li.appendChild(routeLine(r));
          } else if (r[4]) {
            var x = document.createElement("p");
            x.className = "result-extra";
            x.textContent = r[4];
            li.appendChild(x);
          }
          list.appendChild(li);
        });
        var n = visible.length + beyond;
        var q = "\u201c" + state.q + "\u201d";
        if (!state.ids.length) {
          status.textContent = "No results for " + q + ". Check the spelling or try other words, or browse the A to Z lists and the route finder below.";
        } else if (!n) {
          status.textContent = "No results for " + q + " with these filters. Clear a filter to see " + state.ids.length + " result" + (state.ids.length === 1 ? "" : "s") + ".";
        } else {
          status.textContent = n + " result" + (n === 1 ? "" : "s") + " for " + q + (state.all ? "" : " (matching some of your words)") + (n > state.shown ? "; showing " + state.shown : "") + ".";
        }
        if (more) more.hidden = n <= state.shown;
        if (browse) browse.classList.toggle("is-shown", !state.ids.length);
        // 999 and the routes open now: for a search that found nothing (the
        // words may be a situation the directory has no words for) or that
        // sounds urgent, whatever it found.
        if (helpNow) helpNow.classList.toggle("is-shown", !state.ids.length || urgency(state.q) > 0);
        // The kind of every match is known without loading it; the other
        // filters' counts need the records, loaded when someone turns to them.
        fillFilters(state.facets || []);
      });
    }

    function go(q) {
      state.q = q.trim();
      state.shown = PAGE;
      state.facets = null;
      var url = new URL(location.href);
      if (state.q) url.searchParams.set("q", state.q); else url.searchParams.delete("q");
      // (Costly from disk: only when the query changed.)
      if (url.href !== location.href) history.replaceState(null, "", url.href);
      if (!state.q) {
        list.textContent = "";
        status.textContent = "Type what you are looking for: a service, a need or an abbreviation.";
        if (box) box.hidden = true;
        else if (filters) filters.hidden = true;
        if (browse) browse.classList.add("is-shown");
        if (helpNow) helpNow.classList.remove("is-shown");
        return Promise.resolve();
      }
      var t0 = performance.now();
      return search(state.q).then(function (res) {
        state.ids = res.ids;
        state.all = res.all;
        state.words = res.words || [];
        return render().then(function () {
          api.lastQueryMs = performance.now() - t0;
        });
      }).catch(function (e) {
        status.textContent = "Search is not available: " + e.message + ". Use the lists below.";
      });
    }
    api.go = go;

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { go(input.value); }, 120);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); go(input.value); });
    selects.forEach(function (s) { s.addEventListener("change", function () { state.shown = PAGE; render(); }); });
    function loadFacets() {
      if (state.facets || !state.ids.length) return;
      var ids = state.ids.slice(0, FACET_LIMIT);
      Promise.all(ids.map(record)).then(function (recs) {
        state.facets = recs;
        fillFilters(recs);
      });
    }
    if (box) box.addEventListener("toggle", function () { if (box.open) fillFilters(state.facets || []); });
    if (filters) {
      filters.addEventListener("focusin", loadFacets);
      filters.addEventListener("pointerdown", loadFacets);
    }
    if (more) more.addEventListener("click", function () { state.shown += PAGE; render(); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") {
        var first = list.querySelector("a");
        if (first) { e.preventDefault(); first.focus(); }
      }
    });
    list.addEventListener("keydown", function (e) {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var i = links.indexOf(document.activeElement);
      if (i < 0) return;
      e.preventDefault();
      if (e.key === "ArrowDown" && i + 1 < links.length) links[i + 1].focus();
      else if (e.key === "ArrowUp") (i > 0 ? links[i - 1] : input).focus();
    });
    var q = new URLSearchParams(location.search).get("q") || "";
    input.value = q;
    api.ready = go(q);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupPage);
  else setupPage();
})();
