# ruff: noqa: E501 - the tables of states, sentences and headlines read best one entry a line
"""A seeded generator of news-like web pages for the benchmark.

Each page is one article of about 400-900 words on diplomacy, protests, attacks,
sanctions or aid somewhere in the world, wrapped in the furniture that scraped
news pages carry: a menu, a markets ticker and "Breaking" items, a byline and
share buttons, photo captions, "Related" and "Read more" lists, "Advertisement",
"Most Read", tags and a footer. About half the sentences of the body hold an
actor and an event verb; the rest is background, statistics and quotes, as in
real reporting. The same seed always gives the same pages.

    python bench/corpus.py --docs 300 --seed 7 --out bench/out/corpus.jsonl

Output: one JSON object per line, `{"id", "text", "pub_date"?}`, the input
format of `herald code`. About half the pages carry their date only in the page
("Published: ..."), the other half as `pub_date` metadata.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path


@dataclass(frozen=True)
class State:
    name: str
    demonym: str
    capital: str
    cities: tuple[str, ...]
    head_title: str
    head: str
    fm: str
    region: str


STATES: tuple[State, ...] = (
    # Middle East and North Africa
    State("Iran", "Iranian", "Tehran", ("Isfahan", "Mashhad", "Tabriz"), "President", "Masoud Pezeshkian", "Abbas Araghchi", "mena"),
    State("Turkey", "Turkish", "Ankara", ("Istanbul", "Izmir", "Gaziantep"), "President", "Recep Tayyip Erdogan", "Hakan Fidan", "mena"),
    State("Egypt", "Egyptian", "Cairo", ("Alexandria", "Port Said", "Aswan"), "President", "Abdel Fattah al-Sisi", "Badr Abdelatty", "mena"),
    State("Saudi Arabia", "Saudi", "Riyadh", ("Jeddah", "Dammam", "Mecca"), "Crown Prince", "Mohammed bin Salman", "Faisal bin Farhan", "mena"),
    State("Qatar", "Qatari", "Doha", ("Al Wakrah", "Lusail"), "Emir", "Tamim bin Hamad Al Thani", "Mohammed bin Abdulrahman Al Thani", "mena"),
    State("Israel", "Israeli", "Jerusalem", ("Tel Aviv", "Haifa", "Beersheba"), "Prime Minister", "Benjamin Netanyahu", "Gideon Saar", "mena"),
    State("Jordan", "Jordanian", "Amman", ("Zarqa", "Irbid", "Aqaba"), "King", "Abdullah II", "Ayman Safadi", "mena"),
    State("Lebanon", "Lebanese", "Beirut", ("Tripoli", "Sidon", "Tyre"), "Prime Minister", "Nawaf Salam", "Youssef Rajji", "mena"),
    State("Iraq", "Iraqi", "Baghdad", ("Basra", "Mosul", "Erbil"), "Prime Minister", "Mohammed Shia al-Sudani", "Fuad Hussein", "mena"),
    State("Syria", "Syrian", "Damascus", ("Aleppo", "Homs", "Latakia"), "President", "Ahmed al-Sharaa", "Asaad al-Shaibani", "mena"),
    State("Algeria", "Algerian", "Algiers", ("Oran", "Constantine"), "President", "Abdelmadjid Tebboune", "Ahmed Attaf", "mena"),
    State("Morocco", "Moroccan", "Rabat", ("Casablanca", "Marrakesh", "Tangier"), "King", "Mohammed VI", "Nasser Bourita", "mena"),
    State("Tunisia", "Tunisian", "Tunis", ("Sfax", "Sousse"), "President", "Kais Saied", "Mohamed Ali Nafti", "mena"),
    State("Yemen", "Yemeni", "Sanaa", ("Aden", "Hodeidah", "Taiz"), "President", "Rashad al-Alimi", "Shaya al-Zindani", "mena"),
    # Sub-Saharan Africa
    State("Nigeria", "Nigerian", "Abuja", ("Lagos", "Kano", "Maiduguri"), "President", "Bola Tinubu", "Yusuf Tuggar", "africa"),
    State("Ethiopia", "Ethiopian", "Addis Ababa", ("Mekelle", "Gondar", "Bahir Dar"), "Prime Minister", "Abiy Ahmed", "Gedion Timothewos", "africa"),
    State("Kenya", "Kenyan", "Nairobi", ("Mombasa", "Kisumu", "Nakuru"), "President", "William Ruto", "Musalia Mudavadi", "africa"),
    State("Sudan", "Sudanese", "Khartoum", ("Port Sudan", "Omdurman", "El Fasher"), "General", "Abdel Fattah al-Burhan", "Ali Youssef", "africa"),
    State("South Africa", "South African", "Pretoria", ("Johannesburg", "Cape Town", "Durban"), "President", "Cyril Ramaphosa", "Ronald Lamola", "africa"),
    State("Mali", "Malian", "Bamako", ("Timbuktu", "Gao", "Mopti"), "Colonel", "Assimi Goita", "Abdoulaye Diop", "africa"),
    State("Somalia", "Somali", "Mogadishu", ("Kismayo", "Baidoa", "Hargeisa"), "President", "Hassan Sheikh Mohamud", "Ahmed Moallim Fiqi", "africa"),
    State("Democratic Republic of the Congo", "Congolese", "Kinshasa", ("Goma", "Bukavu", "Lubumbashi"), "President", "Felix Tshisekedi", "Therese Kayikwamba Wagner", "africa"),
    State("Senegal", "Senegalese", "Dakar", ("Touba", "Thies"), "President", "Bassirou Diomaye Faye", "Yassine Fall", "africa"),
    # Europe
    State("Ukraine", "Ukrainian", "Kyiv", ("Kharkiv", "Odesa", "Dnipro", "Zaporizhzhia"), "President", "Volodymyr Zelensky", "Andrii Sybiha", "europe"),
    State("Russia", "Russian", "Moscow", ("St Petersburg", "Belgorod", "Kursk"), "President", "Vladimir Putin", "Sergei Lavrov", "europe"),
    State("France", "French", "Paris", ("Marseille", "Lyon", "Toulouse"), "President", "Emmanuel Macron", "Jean-Noel Barrot", "europe"),
    State("Germany", "German", "Berlin", ("Munich", "Hamburg", "Frankfurt"), "Chancellor", "Friedrich Merz", "Johann Wadephul", "europe"),
    State("United Kingdom", "British", "London", ("Manchester", "Birmingham", "Glasgow"), "Prime Minister", "Keir Starmer", "David Lammy", "europe"),
    State("Poland", "Polish", "Warsaw", ("Krakow", "Gdansk", "Wroclaw"), "Prime Minister", "Donald Tusk", "Radoslaw Sikorski", "europe"),
    State("Hungary", "Hungarian", "Budapest", ("Debrecen", "Szeged"), "Prime Minister", "Viktor Orban", "Peter Szijjarto", "europe"),
    State("Serbia", "Serbian", "Belgrade", ("Novi Sad", "Nis"), "President", "Aleksandar Vucic", "Marko Djuric", "europe"),
    State("Georgia", "Georgian", "Tbilisi", ("Batumi", "Kutaisi"), "Prime Minister", "Irakli Kobakhidze", "Maka Botchorishvili", "europe"),
    State("Italy", "Italian", "Rome", ("Milan", "Naples", "Turin"), "Prime Minister", "Giorgia Meloni", "Antonio Tajani", "europe"),
    State("Spain", "Spanish", "Madrid", ("Barcelona", "Valencia", "Seville"), "Prime Minister", "Pedro Sanchez", "Jose Manuel Albares", "europe"),
    # Asia and the Pacific
    State("China", "Chinese", "Beijing", ("Shanghai", "Guangzhou", "Shenzhen"), "President", "Xi Jinping", "Wang Yi", "asia"),
    State("India", "Indian", "New Delhi", ("Mumbai", "Kolkata", "Chennai"), "Prime Minister", "Narendra Modi", "Subrahmanyam Jaishankar", "asia"),
    State("Pakistan", "Pakistani", "Islamabad", ("Karachi", "Lahore", "Peshawar", "Quetta"), "Prime Minister", "Shehbaz Sharif", "Ishaq Dar", "asia"),
    State("Afghanistan", "Afghan", "Kabul", ("Kandahar", "Herat", "Jalalabad"), "Supreme Leader", "Hibatullah Akhundzada", "Amir Khan Muttaqi", "asia"),
    State("Japan", "Japanese", "Tokyo", ("Osaka", "Yokohama", "Nagoya"), "Prime Minister", "Shigeru Ishiba", "Takeshi Iwaya", "asia"),
    State("South Korea", "South Korean", "Seoul", ("Busan", "Incheon", "Daegu"), "President", "Lee Jae-myung", "Cho Hyun", "asia"),
    State("North Korea", "North Korean", "Pyongyang", ("Wonsan", "Kaesong"), "leader", "Kim Jong Un", "Choe Son Hui", "asia"),
    State("Myanmar", "Myanmar", "Naypyidaw", ("Yangon", "Mandalay", "Sittwe"), "Senior General", "Min Aung Hlaing", "Than Swe", "asia"),
    State("Philippines", "Philippine", "Manila", ("Cebu", "Davao", "Zamboanga"), "President", "Ferdinand Marcos Jr", "Enrique Manalo", "asia"),
    State("Indonesia", "Indonesian", "Jakarta", ("Surabaya", "Medan", "Makassar"), "President", "Prabowo Subianto", "Sugiono", "asia"),
    State("Bangladesh", "Bangladeshi", "Dhaka", ("Chittagong", "Sylhet", "Khulna"), "Chief Adviser", "Muhammad Yunus", "Touhid Hossain", "asia"),
    State("Australia", "Australian", "Canberra", ("Sydney", "Melbourne", "Brisbane"), "Prime Minister", "Anthony Albanese", "Penny Wong", "asia"),
    # The Americas
    State("United States", "American", "Washington", ("New York", "Chicago", "Los Angeles"), "President", "Donald Trump", "Marco Rubio", "americas"),
    State("Canada", "Canadian", "Ottawa", ("Toronto", "Montreal", "Vancouver"), "Prime Minister", "Mark Carney", "Anita Anand", "americas"),
    State("Mexico", "Mexican", "Mexico City", ("Guadalajara", "Monterrey", "Tijuana"), "President", "Claudia Sheinbaum", "Juan Ramon de la Fuente", "americas"),
    State("Brazil", "Brazilian", "Brasilia", ("Sao Paulo", "Rio de Janeiro", "Salvador"), "President", "Luiz Inacio Lula da Silva", "Mauro Vieira", "americas"),
    State("Venezuela", "Venezuelan", "Caracas", ("Maracaibo", "Valencia"), "President", "Nicolas Maduro", "Yvan Gil", "americas"),
    State("Colombia", "Colombian", "Bogota", ("Medellin", "Cali", "Cucuta"), "President", "Gustavo Petro", "Laura Sarabia", "americas"),
    State("Argentina", "Argentine", "Buenos Aires", ("Cordoba", "Rosario"), "President", "Javier Milei", "Gerardo Werthein", "americas"),
    State("Haiti", "Haitian", "Port-au-Prince", ("Cap-Haitien", "Les Cayes"), "Prime Minister", "Alix Didier Fils-Aime", "Jean-Victor Harvel Jean-Baptiste", "americas"),
)  # fmt: skip

ORGS = (
    "the United Nations", "the European Union", "NATO", "the African Union", "the Arab League",
    "the World Health Organization", "the International Monetary Fund", "the World Bank",
    "the UN Security Council", "ASEAN", "the Organisation of Islamic Cooperation", "ECOWAS",
    "the International Atomic Energy Agency", "the Red Cross", "UNICEF", "the World Food Programme",
)  # fmt: skip
GROUPS = (
    "Hamas", "Hezbollah", "the Houthis", "al-Shabaab", "Boko Haram", "the Taliban",
    "Islamic State", "the M23 rebels", "the Rapid Support Forces", "the Wagner Group",
    "the PKK", "al-Qaeda", "the Arakan Army", "the ELN guerrillas", "JNIM",
)  # fmt: skip
ISSUES = (
    "the war in Gaza", "regional security", "trade and investment", "energy cooperation",
    "the situation in Ukraine", "the humanitarian crisis in Sudan", "migration", "climate finance",
    "the nuclear programme", "maritime security in the Red Sea", "counter-terrorism cooperation",
    "the reconstruction of Syria", "food security", "border demarcation", "prisoner exchanges",
    "debt relief", "water sharing", "the peace process", "arms control", "visa liberalisation",
)  # fmt: skip
FIELDS = ("energy", "agriculture", "defence", "health", "education", "transport", "digital trade",
          "mining", "tourism", "water management")  # fmt: skip
DEMANDS = (
    "the resignation of the government", "lower fuel prices", "free and fair elections",
    "the release of political prisoners", "an end to corruption", "higher wages",
    "justice for those killed last month", "the reversal of the tax increase",
    "an end to the war", "the return of the army to its barracks",
)  # fmt: skip
GOODS = ("grain", "steel", "fertiliser", "oil", "gas", "semiconductors", "fish", "timber",
         "cotton", "rare earth metals", "luxury goods", "drones")  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
FIRST = ("Sarah", "James", "Amina", "Lucas", "Leila", "Daniel", "Priya", "Omar", "Elena",
         "Tom", "Fatima", "Hiroshi", "Grace", "Mateo", "Nadia", "Peter", "Aisha", "Ivan")  # fmt: skip
LAST = ("Miller", "Haddad", "Okafor", "Novak", "Rahman", "Costa", "Kim", "Petrov", "Dubois",
        "Mensah", "Ali", "Schmidt", "Tanaka", "Silva", "Kowalski", "Nguyen", "Osei", "Garcia")  # fmt: skip
OUTLETS = ("The Daily Ledger", "World Report", "Global Dispatch", "The Meridian", "Newsline 24")
SECTIONS = ("Home", "World", "Politics", "Business", "Tech", "Sport", "Opinion", "Culture",
            "Middle East", "Africa", "Europe", "Asia", "Americas", "Video", "Podcasts")  # fmt: skip
CREDITS = ("Reuters", "AFP", "AP Photo", "Getty Images", "EPA", "Anadolu", "Xinhua", "File")

TOPICS = ("diplomacy", "protest", "attack", "sanctions", "aid")

# {a} {b}: actor phrases; {sa}/{sb}: state names; {da}/{db}: demonyms; {ca}/{cb}: capitals;
# {city}: a city of state a; {org}, {group}, {issue}, {field}, {demand}, {goods}, {day},
# {n}/{m}: numbers; {opp}: a person's name.
EVENT_SENTENCES: dict[str, tuple[str, ...]] = {
    "diplomacy": (
        "{pa} met {pb} in {ca} on {day} to discuss {issue}.",
        "{a} held talks with {b} on {issue}, according to a statement from the foreign ministry.",
        "In a phone call on {day}, {a} and {b} discussed {issue} and ways to strengthen bilateral ties.",
        "{pa} arrived in {cb} on {day} for a {n}-day official visit, the first by a {da} leader in {m} years.",
        "The two sides signed {n} agreements covering trade, energy and education.",
        "{a} and {b} agreed to expand cooperation in {field} and to meet again before the end of the year.",
        "{a} urged {b} to show restraint and return to the negotiating table.",
        "{a} rejected the proposal, saying it ignored {da} security concerns.",
        "{a} accused {b} of undermining stability in the region.",
        "{a} praised the role of {b} in mediating the ceasefire.",
        "{a} called for an immediate ceasefire and the release of all detainees.",
        "{a} expressed support for the bid by {sb} to join {org}.",
        "{a} warned that {da} forces would respond firmly to any aggression.",
        "{sa} expelled {n} {db} diplomats on {day} over allegations of espionage.",
        "{sa} recalled its ambassador from {cb} for consultations.",
        "{a} welcomed the decision and said {sa} was ready to help implement it.",
        "{a} condemned the remarks as unacceptable interference in {da} internal affairs.",
        "{pa} invited {pb} to visit {ca} next year, and the invitation was accepted.",
        "{pa} told {pb} that {sa} would not recognise the results of the referendum.",
        "{a} offered to host the next round of talks between the warring parties.",
    ),
    "protest": (
        "Thousands of protesters marched through {city} on {day} demanding {demand}.",
        "Police fired tear gas and water cannon to disperse demonstrators near the parliament building in {ca}.",
        "{da} security forces arrested at least {n} people, according to a local rights group.",
        "Opposition leader {opp} called for a general strike until the government resigns.",
        "Students staged a sit-in outside the university in {city}, blocking the main road for hours.",
        "Riot police clashed with protesters in {ca}, leaving {n} people injured, the health ministry said.",
        "The {da} government imposed a curfew in {city} and suspended mobile internet services.",
        "Demonstrators chanted slogans against {a} and burned tyres in the streets.",
        "Human Rights Watch urged the {da} authorities to release detained activists.",
        "{a} accused foreign agents of fomenting the unrest and vowed to restore order.",
        "Hundreds of workers went on strike at the port of {city} over unpaid wages.",
        "Protesters tried to storm the {db} embassy in {ca} before police pushed them back.",
        "{pa} met opposition leaders on {day} in an attempt to defuse the crisis.",
    ),
    "attack": (
        "An air strike hit a residential building in {city}, killing at least {n} civilians, local officials said.",
        "Militants attacked a military checkpoint near the border with {sb}, killing {n} soldiers.",
        "The {da} army said it shelled positions held by {group} overnight.",
        "A suicide bomber blew himself up at a crowded market in {city}, wounding dozens of people.",
        "{group} claimed responsibility for the attack in a statement posted on Telegram.",
        "Drones struck fuel depots on the outskirts of {city} on {day}, sparking a large fire.",
        "Gunmen abducted {n} villagers in the north of {sa}, police said.",
        "The {da} military launched a ground offensive against {group} strongholds near {city}.",
        "{sa} accused {sb} of firing missiles at civilian infrastructure in {city}.",
        "{db} troops killed {n} fighters of {group} in a raid, the defence ministry in {cb} said.",
        "Fighters of {group} ambushed a convoy on the road to {city}, killing {n} police officers.",
        "The {da} navy seized a cargo ship suspected of carrying weapons to {group}.",
        "{a} ordered the deployment of additional troops to the border with {sb}.",
    ),
    "sanctions": (
        "{org} imposed new sanctions on the {da} oil sector and on {n} senior officials.",
        "Washington froze the assets of {n} companies accused of helping {sa} evade sanctions.",
        "{sa} banned imports of {goods} from {sb} in retaliation.",
        "The European Union extended its arms embargo on {sa} for another year.",
        "{a} said the sanctions were illegal and vowed to retaliate.",
        "{sa} suspended trade with {sb} on {day}, citing national security concerns.",
        "{sb} lifted some restrictions on exports of {goods} to {sa} after months of negotiations.",
        "The Treasury Department added {n} {da} banks to its sanctions list.",
        "{a} threatened to cut gas supplies to {sb} if the measures were not withdrawn.",
        "{sa} imposed tariffs of {n} percent on {db} {goods}.",
        "{org} called on member states to enforce the embargo on {sa} more strictly.",
    ),
    "aid": (
        "{a} pledged ${n} million in humanitarian aid to {sb}.",
        "The World Food Programme delivered {n} tonnes of food to displaced families in {sb}.",
        "A convoy of {n} trucks carrying medical supplies crossed into {sb} on {day}.",
        "{sa} sent a field hospital and rescue teams to help earthquake victims in {sb}.",
        "The International Monetary Fund approved a ${n} billion loan to {sa}.",
        "{org} appealed for ${n} million to help people affected by floods in {sa}.",
        "{a} announced a package of military aid to {sb} worth ${n} million.",
        "{sb} received the first shipment of vaccines donated by {sa} on {day}.",
        "{pa} thanked {pb} for the assistance and asked for more help with reconstruction.",
        "Aid agencies warned that {n} people in {sa} faced acute hunger.",
    ),
}  # fmt: skip

BACKGROUND = (
    "The economy has contracted by {n} percent since {year}, and inflation remains above {m} percent.",
    "{sa} has a population of about {n} million people.",
    "Analysts say the move could reshape the balance of power in the region.",
    "The conflict has displaced more than {n} million people since it began in {year}.",
    "Relations between {sa} and {sb} have been strained since {year}.",
    "It was not immediately clear how many people were affected.",
    "The ministry did not respond to a request for comment.",
    '"This is an important day for our people," {pa} told reporters.',
    '"We will continue to work with our partners to find a lasting solution," the statement said.',
    "The talks are expected to continue next month in {cb}.",
    "Trade between the two countries reached ${n} billion last year.",
    "{pa} is due to travel to {cb} later this week.",
    "The figures could not be independently verified.",
    "Officials in {ca} have repeatedly denied the allegations.",
    "The region has been hit by years of drought, conflict and economic decline.",
    "Critics say the government has done too little to address the underlying problems.",
    "According to the World Bank, nearly a third of the population lives below the poverty line.",
    "The decision comes ahead of elections scheduled for {month} {year2}.",
    "Diplomats said a draft resolution was being circulated among council members.",
    "Oil prices rose by {m} percent after the announcement.",
    "The {da} currency has lost almost half of its value against the dollar this year.",
    "A spokesperson for the ministry said more details would be released in the coming days.",
    "Residents described hearing loud explosions throughout the night.",
    "The agreement still needs to be ratified by parliament.",
    '"The situation on the ground remains extremely difficult," said {opp}, an analyst at a think tank in {cb}.',
    "Local media reported long queues at petrol stations in {city}.",
    "{sa} and {sb} established diplomatic relations in {year}.",
    "Both countries are members of {org}.",
    "More than {n} journalists have been detained in the country since {year}, according to press freedom groups.",
    "The statement gave no further details.",
)  # fmt: skip

HEADLINES: dict[str, tuple[str, ...]] = {
    "diplomacy": ("{da} and {db} leaders hold talks on {issue}", "{a} meets {b} in {ca}",
                  "{sa}, {sb} agree to deepen ties in {field}", "{sa} recalls envoy from {sb}"),
    "protest": ("Thousands rally in {city} demanding {demand}", "Police clash with protesters in {ca}",
                "{da} opposition calls general strike"),
    "attack": ("Air strike kills {n} in {city}", "{group} attack kills {n} soldiers in {sa}",
               "{da} army launches offensive against {group}"),
    "sanctions": ("{org} slaps new sanctions on {sa}", "{sa} bans {goods} imports from {sb}",
                  "{sa} vows to retaliate over sanctions"),
    "aid": ("{sa} pledges ${n}m in aid to {sb}", "Aid convoy reaches {sb} as hunger spreads",
            "IMF approves ${n}bn loan for {sa}"),
}  # fmt: skip


def _actor(rng: random.Random, state: State) -> str:
    """One way a news report names an actor of `state`."""
    return rng.choice((
        state.name,
        state.name,
        f"the {state.demonym} government",
        f"{state.demonym} {state.head_title} {state.head}",
        f"{state.head_title} {state.head}",
        state.head,
        f"{state.name}'s foreign minister, {state.fm},",
        f"{state.demonym} Foreign Minister {state.fm}",
        f"the {state.demonym} foreign ministry",
        f"{state.demonym} officials",
        state.capital,
    ))  # fmt: skip


def _leader(rng: random.Random, state: State) -> str:
    """A person of `state`, named the way reports name them."""
    return rng.choice((
        f"{state.demonym} {state.head_title} {state.head}",
        f"{state.head_title} {state.head}",
        state.head,
        f"{state.name}'s foreign minister, {state.fm},",
        f"{state.demonym} Foreign Minister {state.fm}",
        state.fm,
    ))  # fmt: skip


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _fill(rng: random.Random, template: str, a: State, b: State, when: date) -> str:
    values = {
        "a": _actor(rng, a), "b": _actor(rng, b), "pa": _leader(rng, a), "pb": _leader(rng, b), "sa": a.name, "sb": b.name,
        "da": a.demonym, "db": b.demonym, "ca": a.capital, "cb": b.capital,
        "city": rng.choice((*a.cities, a.capital)), "org": rng.choice(ORGS), "group": rng.choice(GROUPS),
        "issue": rng.choice(ISSUES), "field": rng.choice(FIELDS), "demand": rng.choice(DEMANDS),
        "goods": rng.choice(GOODS), "day": rng.choice(WEEKDAYS), "n": rng.choice((2, 3, 5, 7, 12, 15, 20, 36, 40, 120, 250, 500)),
        "m": rng.choice((2, 4, 6, 10, 18, 25, 30)), "opp": _person(rng), "year": rng.randint(2003, when.year - 1),
        "year2": when.year + 1, "month": rng.choice(MONTHS),
    }  # fmt: skip
    # an appositive actor ("Iran's foreign minister, Abbas Araghchi,") before other punctuation
    text = template.format(**values).replace(",,", ",").replace(",.", ".").replace(",'s", "'s")
    return text[0].upper() + text[1:]


def _date_words(when: date) -> str:
    return f"{MONTHS[when.month - 1]} {when.day}, {when.year}"


def _headline(rng: random.Random, a: State, b: State, when: date, topic: str | None = None) -> str:
    topic = topic or rng.choice(TOPICS)
    text = _fill(rng, rng.choice(HEADLINES[topic]), a, b, when)
    return text.rstrip(".")


def _menu(rng: random.Random) -> list[str]:
    outlet = rng.choice(OUTLETS)
    sections = rng.sample(SECTIONS, rng.randint(6, 10))
    lines = [outlet, "Menu", "Search"]
    if rng.random() < 0.5:
        lines.append(" | ".join(sections))
    else:
        lines.extend(sections)
    lines.append(rng.choice(("Sign in", "Subscribe", "Log in", "Newsletters")))
    return lines


def _ticker(rng: random.Random, when: date) -> list[str]:
    lines = []
    if rng.random() < 0.5:
        lines.append(
            f"Markets: Brent ${rng.uniform(60, 95):.2f} {rng.uniform(-2, 2):+.1f}% | Gold ${rng.uniform(1800, 2700):,.0f} "
            f"| EUR/USD {rng.uniform(1.02, 1.18):.4f} | S&P 500 {rng.uniform(3900, 6200):,.0f}"
        )
    if rng.random() < 0.6:
        lines.append(rng.choice(("Breaking News", "BREAKING", "Live Updates", "Just In")))
        for _ in range(rng.randint(2, 4)):
            a, b = rng.sample(STATES, 2)
            lines.append(f"{a.name}: {_headline(rng, a, b, when)}")
    return lines


def _byline(rng: random.Random, when: date, dated: bool) -> list[str]:
    lines = [f"By {_person(rng)}"]
    if dated:
        lines.append(rng.choice((f"Published: {_date_words(when)}", f"{_date_words(when)}",
                                 f"Updated {when.isoformat()} {rng.randint(6, 22):02d}:{rng.randint(0, 59):02d} GMT")))  # fmt: skip
    lines.append(f"{rng.randint(2, 8)} min read")
    if rng.random() < 0.6:
        lines.extend(
            rng.sample(
                ["Share", "Facebook", "Twitter", "WhatsApp", "Email", "Print"], rng.randint(2, 5)
            )
        )
    return lines


def _caption(rng: random.Random, a: State, when: date) -> str:
    city = rng.choice((*a.cities, a.capital))
    text = rng.choice((
        f"People gather at the site of the explosion in {city} on {rng.choice(WEEKDAYS)}",
        f"{a.demonym} {a.head_title} {a.head} speaks during a news conference in {a.capital}",
        f"Protesters hold banners during a rally in {city}",
        f"Trucks carrying aid wait at a crossing point near {city}",
        f"Delegations attend the talks in {a.capital} on {_date_words(when)}",
    ))  # fmt: skip
    credit = rng.choice(CREDITS)
    return rng.choice((f"{text}. ({credit})", f"{text}. (Photo: {credit})", f"{text} / Photo: {credit}",
                       f"File photo: {text}."))  # fmt: skip


def _related(rng: random.Random, when: date) -> list[str]:
    lines = [rng.choice(("Related", "Related Articles", "Read more", "Recommended", "See also"))]
    for _ in range(rng.randint(2, 5)):
        a, b = rng.sample(STATES, 2)
        lines.append(_headline(rng, a, b, when))
    return lines


def _footer(rng: random.Random, when: date) -> list[str]:
    lines = [rng.choice(("Most Read", "Most Popular", "Read Next", "Trending Now"))]
    for n in range(rng.randint(3, 6)):
        a, b = rng.sample(STATES, 2)
        head = _headline(rng, a, b, when)
        lines.append(f"{n + 1}. {head}" if rng.random() < 0.4 else head)
    lines.append("Tags: " + ", ".join(rng.sample(["Politics", "Diplomacy", "Conflict", "Economy",
                                                  "Human rights", "Security", "Energy"], 3)))  # fmt: skip
    lines.append(f"© {when.year} {rng.choice(OUTLETS)}. All rights reserved.")
    lines.extend(
        rng.sample(
            ["Privacy Policy", "Terms of Use", "Contact Us", "About Us", "Cookie settings"], 3
        )
    )
    return lines


def _pair(rng: random.Random) -> tuple[State, State]:
    a = rng.choice(STATES)
    if rng.random() < 0.6:
        same = [s for s in STATES if s.region == a.region and s is not a]
        return a, rng.choice(same)
    return a, rng.choice([s for s in STATES if s is not a])


def article(rng: random.Random, number: int) -> dict[str, str]:
    """One page as a `herald code` JSONL record."""
    when = date(2022, 1, 1) + timedelta(days=rng.randint(0, 3 * 365))
    topic = rng.choice(TOPICS)
    a, b = _pair(rng)
    others = [_pair(rng) for _ in range(2)]
    target_words = rng.randint(330, 780)  # the page's furniture adds 60-150
    in_page_date = rng.random() < 0.5

    used: set[str] = set()

    def pick(templates: tuple[str, ...]) -> str:
        """A template not used yet in this article (while there are any)."""
        fresh = [t for t in templates if t not in used] or list(templates)
        template = rng.choice(fresh)
        used.add(template)
        return template

    # the lead paragraph reports the main event; then event, background and quotes mix
    body = [_fill(rng, pick(EVENT_SENTENCES[topic]), a, b, when)]
    words = len(body[0].split())
    while words < target_words:
        sentences = []
        for _ in range(rng.randint(1, 4)):
            x, y = (a, b) if rng.random() < 0.75 else rng.choice(others)
            if rng.random() < 0.5:
                t = topic if rng.random() < 0.7 else rng.choice(TOPICS)
                sentences.append(_fill(rng, pick(EVENT_SENTENCES[t]), x, y, when))
            else:
                sentences.append(_fill(rng, pick(BACKGROUND), x, y, when))
        paragraph = " ".join(sentences)
        body.append(paragraph)
        words += len(paragraph.split())

    lines = _menu(rng) + _ticker(rng, when)
    lines.append(_headline(rng, a, b, when, topic))
    if rng.random() < 0.5:
        lines.append(_fill(rng, rng.choice(EVENT_SENTENCES[topic]), a, b, when))  # standfirst
    lines += _byline(rng, when, in_page_date)
    for index, paragraph in enumerate(body):
        lines.append(paragraph)
        if index == 1 and rng.random() < 0.7:
            lines.append(_caption(rng, a, when))
        if index == len(body) // 2:
            if rng.random() < 0.5:
                lines.append("Advertisement")
            if rng.random() < 0.6:
                lines += _related(rng, when)
            elif rng.random() < 0.5:
                x, y = rng.choice(others)
                lines.append(f"Read more: {_headline(rng, x, y, when)}")
    lines += _footer(rng, when)
    sep = "\n\n" if rng.random() < 0.5 else "\n"
    record = {"id": f"gen-{number:05d}", "text": sep.join(lines)}
    if not in_page_date:
        record["pub_date"] = when.isoformat()
    return record


def generate(docs: int, seed: int = 7) -> list[dict[str, str]]:
    """`docs` pages; the same seed always gives the same pages."""
    rng = random.Random(seed)
    return [article(rng, n) for n in range(docs)]


def write_corpus(path: Path, docs: int, seed: int = 7) -> list[dict[str, str]]:
    records = generate(docs, seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=300, help="number of pages [300]")
    parser.add_argument("--seed", type=int, default=7, help="random seed [7]")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out" / "corpus.jsonl")
    args = parser.parse_args()
    records = write_corpus(args.out, args.docs, args.seed)
    words = sum(len(r["text"].split()) for r in records)
    print(f"{len(records)} pages, {words} words ({words / len(records):.0f} a page) -> {args.out}")


if __name__ == "__main__":
    main()
