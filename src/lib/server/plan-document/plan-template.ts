/**
 * The Typst source of the plan document. It is a CONSTANT: every text of the plan (user input and catalogue
 * texts alike) reaches Typst only as JSON data through `sys.inputs.data` and is placed as string values, never
 * parsed as markup, so no character a user types (`#`, `[`, `*`, `$`, `@`, `<`, `\` …) can change the
 * document's structure or run code. See document-model.ts for the shape of the data.
 *
 * Accessibility: Typst 0.14 writes a tagged PDF (PDF/UA-1 is requested by the renderer); headings give the
 * structure and the PDF bookmarks, the document language comes from `text(lang)`, user texts are marked with
 * their own language (German texts in a translated document are tagged German and marked), figures carry alt texts, tables have header rows, page header and footer are artifacts.
 */
export const PLAN_TEMPLATE = String.raw`
#let d = json(bytes(sys.inputs.data))
#let L = d.labels
#let accent = rgb("#0b5394")
#let muted = rgb("#4a4a4a")
// the side where lines start (left in German, right in Arabic); inset and stroke know no logical sides
#let start-side(v) = if d.dir == "rtl" { (right: v) } else { (left: v) }

#set document(title: d.title, author: d.author, keywords: d.keywords, date: datetime(year: d.date.year, month: d.date.month, day: d.date.day))
#set text(lang: d.lang, region: d.region, dir: if d.dir == "rtl" { rtl } else { ltr }, font: ("Noto Sans", "Noto Sans Arabic"), size: 10pt, fill: rgb("#1a1a1a"))
#set par(leading: 0.7em, spacing: 1.1em, justify: false)
#set heading(numbering: none)
#show heading: set text(fill: accent)
#show heading.where(level: 1): it => { pagebreak(weak: true); set text(size: 18pt); block(below: 1.2em, it) }
#show heading.where(level: 2): set text(size: 13.5pt)
#show heading.where(level: 3): set text(size: 11pt)
#show link: set text(fill: accent)

// user text: marked with its own language and direction
#let cdir = if d.contentDir == "rtl" { rtl } else { ltr }
// a German text in a translated document (its translation is missing or outdated): tagged German, left to right,
// followed by "(only in German)" in the document language when marked
#let de-text(s) = { text(lang: "de", region: "DE", dir: ltr, s.text); if s.mark { [ ]; text(fill: muted, size: 0.85em, L.germanOnly) } }
#let ut(s) = if type(s) == dictionary { de-text(s) } else { text(lang: d.contentLang, dir: cdir, s) }
#let paras(list) = for p in list {
  if type(p) == dictionary {
    block(width: 100%, { set text(lang: "de", dir: ltr); set align(left); par(de-text(p)) })
  } else {
    block(width: 100%, { set text(lang: d.contentLang, dir: cdir); set align(if cdir == ltr { left } else { right }); par(p) })
  }
}
#let facts(rows) = grid(
  columns: (32%, 1fr),
  column-gutter: 0.8em,
  row-gutter: 0.55em,
  ..rows.map(r => {
    let own = r.len() > 2 and r.at(2) == true
    let value = if type(r.at(1)) == array { r.at(1).join(linebreak()) } else { r.at(1) }
    (
      text(fill: muted, weight: "bold", r.at(0)),
      // the plan's own text as a paragraph of its language and direction (dates and numbers stay in order)
      if own { block(width: 100%, { set text(lang: d.contentLang, dir: cdir); set align(if cdir == ltr { left } else { right }); value }) } else { value }
    )
  }).flatten()
)
// label and value side by side for the many rows of goals, measures and responsibilities: one paragraph per
// row, the label in a fixed-width box and the value hanging beside it. Several times cheaper for Typst to lay
// out than a grid (a cell per label and per value), which made up most of the time for a plan with hundreds of
// measures. The catalogue's labels of these rows fit the box; the few long ones (cover, version) use facts().
#let fact-row(label, value) = block(above: 0.55em, below: 0.55em, par(hanging-indent: 4.9cm, [#box(width: 4.4cm, text(fill: muted, weight: "bold", label))#h(0.5cm)#value]))
#let row-facts(rows) = block(width: 100%, for r in rows {
  let own = r.len() > 2 and r.at(2) == true
  let vals = if type(r.at(1)) == array { r.at(1) } else { (r.at(1),) }
  fact-row(r.at(0), vals.map(v => if own { ut(v) } else { v }).join(linebreak()))
})
// links to the measures and their page numbers: ONE query for all labelled measure headings (memoized) per
// list, instead of a label lookup for every link and a page counter for every page number (about 1,500 of each
// in a plan with 300 measures). Before the first layout pass the targets are unknown: plain numbers, "?".
#let measure-targets() = {
  let r = (:)
  for h in query(heading.where(level: 3)) { if h.has("label") { r.insert(str(h.label), h.location()) } }
  r
}
#let ref-list(refs, pages) = context {
  let T = measure-targets()
  refs.map(m => {
    let loc = T.at(m.anchor, default: none)
    if loc == none [#m.number #ut(m.title)#if pages [ (#L.pageShort~?)]] else [#link(loc, m.number) #ut(m.title)#if pages [ (#L.pageShort~#loc.page())]]
  }).join(linebreak())
}

#set page(
  paper: "a4",
  margin: (top: 2.6cm, bottom: 2.4cm, x: 2.2cm),
  header: context {
    if counter(page).get().first() > 1 {
      set text(size: 8pt, fill: muted)
      grid(columns: (1fr, auto), column-gutter: 2em, ut(d.header), d.municipality)
      v(-0.4em)
      line(length: 100%, stroke: 0.4pt + accent)
    }
  },
  footer: context {
    if counter(page).get().first() > 1 {
      set text(size: 8pt, fill: muted)
      align(center, L.page.replace("{page}", str(counter(page).get().first())).replace("{total}", str(counter(page).final().first())))
    }
  },
)

// ---------------------------------------------------------------- cover
#{
  block(width: 100%, height: 5pt, fill: accent)
  v(2.2cm)
  text(size: 13pt, fill: muted, d.cover.kind)
  v(0.3em)
  block(text(size: 26pt, weight: "bold", fill: accent, ut(d.title)))
  v(0.6em)
  text(size: 15pt, ut(d.cover.subtitle))
  v(2cm)
  facts(d.cover.rows)
  v(1fr)
  text(size: 8.5pt, fill: muted, d.cover.generated)
}
#pagebreak()

#outline(title: L.toc, depth: 2, indent: auto)

// ---------------------------------------------------------------- introduction
= #L.introduction
#for part in d.introduction {
  heading(level: 2, part.title)
  paras(part.paragraphs)
}

// ---------------------------------------------------------------- understanding of integration
= #L.integration
#paras(d.integration.paragraphs)
#if d.integration.facts.len() > 0 { v(0.5em); facts(d.integration.facts) }

// ---------------------------------------------------------------- inventory
= #L.inventory
#if d.inventory.missing != none {
  par(d.inventory.missing)
} else {
  par(d.inventory.intro)
  figure(
    kind: table,
    caption: d.inventory.table.caption,
    table(
      columns: (2.2fr, auto, 1fr, 1fr, 1fr),
      align: (x, y) => if x >= 2 { end } else { start },
      stroke: (x, y) => if y == 0 { (bottom: 0.8pt + accent) } else { (bottom: 0.3pt + rgb("#c8c8c8")) },
      inset: 5pt,
      table.header(..d.inventory.table.columns.map(c => text(weight: "bold", size: 9pt, c))),
      ..d.inventory.table.rows.flatten().map(c => text(size: 9pt, ut(c))),
    ),
  )
  for n in d.inventory.notes { par(text(size: 8pt, fill: muted, ut(n))) }
  for f in d.inventory.figures {
    // maps are kept to a height that leaves room for the caption on the page
    let img = if f.kind == "map" { image(bytes(f.svg), format: "svg", alt: f.alt, height: 18.5cm) } else { image(bytes(f.svg), format: "svg", alt: f.alt, width: 100%) }
    figure(img, caption: f.caption)
  }
}

// ---------------------------------------------------------------- goals by field of action
= #L.goals
#if d.fields.len() == 0 { par(L.goalsEmpty) }
#for f in d.fields {
  heading(level: 2, ut(f.name))
  paras(f.description)
  if f.goals.len() == 0 { par(text(fill: muted, L.goalsNone)) }
  for g in f.goals {
    block(breakable: true, inset: start-side(0.9em * g.depth), {
      heading(level: 3, [#g.number #ut(g.title)])
      paras(g.description)
      row-facts(g.facts)
      if g.measures.len() > 0 { fact-row(L.goalMeasures, ref-list(g.measures, false)) }
      v(0.4em)
    })
  }
}

// ---------------------------------------------------------------- catalogue of measures
= #L.measures
#if d.measureFields.len() == 0 { par(L.measuresEmpty) }
#for f in d.measureFields {
  heading(level: 2, ut(f.name))
  for m in f.measures {
    block(breakable: true, width: 100%, stroke: start-side(2.5pt + accent), inset: start-side(0.9em) + (y: 0.4em), below: 1.2em, {
      [#heading(level: 3, [#m.number #ut(m.title)]) #label(m.anchor)]
      paras(m.description)
      row-facts(m.facts)
    })
  }
}

// ---------------------------------------------------------------- responsibilities
= #L.responsibilities
#par(L.respIntro)
#if d.responsibilities.groups.len() == 0 { par(L.respEmpty) }
#for grp in d.responsibilities.groups {
  heading(level: 2, grp.title)
  for a in grp.actors {
    block(breakable: true, below: 1em, {
      heading(level: 3, ut(a.name))
      let rows = ()
      if a.lead.len() > 0 { rows.push((L.respLead, a.lead)) }
      if a.partner.len() > 0 { rows.push((L.respPartner, a.partner)) }
      block(width: 100%, for r in rows { fact-row(r.at(0), ref-list(r.at(1), true)) })
    })
  }
}
#if d.responsibilities.noLead.len() > 0 {
  heading(level: 2, L.respNoLead)
  ref-list(d.responsibilities.noLead, true)
}

// ---------------------------------------------------------------- reporting, evaluation, revision
= #L.rules
#for r in d.rules {
  heading(level: 2, r.title)
  if r.facts.len() > 0 { facts(r.facts); v(0.4em) }
  paras(r.paragraphs)
}

// ---------------------------------------------------------------- version and resolution
= #L.version
#facts(d.version.facts)
#if d.version.note != none { v(0.6em); par(d.version.note) }
`;
