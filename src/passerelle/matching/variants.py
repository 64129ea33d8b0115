"""Given names that are one name in another form: nicknames and other languages' forms.

No spelling rule makes *Bob* of *Robert*, *Mykola* of *Nikolay* or *Chuy* of *Jesús*, yet a
border check must find each in the other: a traveller's Ukrainian passport spells the name
the Ukrainian way (*Mykola*, *Oleksandr*) while a record made from older papers has the
Russian form (*Nikolay*, *Aleksandr*); an alias list writes *Joseph* where the passport has
*Yusuf*. The groups are written here: Russian, Ukrainian and Belarusian forms of one name
with their common diminutives, English and Spanish nicknames, the Arabic, Hebrew and
European forms of a few scriptural names that alias lists pair, and Arabic names as Maghreb
papers spell them in French (*Hocine* for *Hussein*).

The ``nicknames`` package (a genealogists' table of English names and their diminutives)
was the first choice and was tried: it links names that history derives from one another but
that are other names on a passport (*Emma* / *Emily*, *Patrick* / *Peter*, *Susan* /
*Hannah*, *Louise* / *Louis*, *Anna* / *Savannah*), and at a million persons those links
raised false hits on other people. Only names that one person is commonly called by are
listed here.

The relation is not transitive: *Sasha* is *Aleksandr* and *Aleksandra*, which are not one
another. Spellings are folded Latin (``text.fold_latin``) and compared loosely (``loose``):
a group lists a form's usual spellings, and its other romanisations are found through them.
"""

from __future__ import annotations

from functools import lru_cache

#: One name's forms, each group a space-separated list of folded spellings.
_GROUPS: tuple[str, ...] = (
    # Russian / Ukrainian / Belarusian forms, then diminutives.
    "aleksandr alexander alexandr aleksander oleksandr oleksander aliaksandr alyaksandr sasha "
    "sanya shura",
    "aleksandra alexandra oleksandra aliaksandra sasha",
    "aleksey aleksei alexey alexei alexej oleksiy oleksii oleksij aliaksei alyaksei alyosha lyosha",
    "andrey andrei andrej andriy andrii andrij andrew",
    "anna ganna anya",
    "boris borys",
    "vasiliy vasily vasilii vasili vassili vasyl vasil vasya",
    "vladimir volodymyr uladzimir vladimer volodya vova",
    "gennadiy gennady gennadii hennadiy hennadii henadz gena",
    "georgiy georgy georgii heorhiy heorhii",
    "grigoriy grigory grigorii hryhoriy hryhorii ryhor grisha",
    "dmitriy dmitry dmitrii dmitri dmytro dzmitry dzmitryi dima",
    "yevgeniy evgeniy evgeny yevgeny evgenii yevhen yevhenii yauhen yauheni zhenya",
    "yevgeniya evgeniya evgenia yevheniia yevheniya yauheniya zhenya",
    "igor ihor ihar",
    "ilya ilia illia illya",
    "iosif yosyp osip yosif",
    "kirill kyrylo kiryl",
    "konstantin kostiantyn kostyantyn kanstantsin kostya",
    "leonid leanid lyonya",
    "maksim maxim maksym",
    "mikhail mykhailo mykhaylo mikhailo misha",
    "nikolay nikolai nikolaj mykola mikalai mikalay kolya",
    "oleg oleh aleh",
    "pavel pavlo paval pasha",
    "petr pyotr petro piotr piatro petya",
    "sergey sergei sergej sergiy serhiy serhii serhij siarhei siarhey seryozha",
    "stanislav stanislau slava",
    "vyacheslav viacheslav viachaslau slava",
    "vladislav vladyslav uladzislau slava",
    "fedor fyodor fiodor fedir fyodar fedya",
    "yuriy yuri yury yurii yurij yura",
    "yakov yakiv yakau",
    "artem artyom artsiom",
    "valentin valentyn valiantsin",
    "anatoliy anatoly anatolii anatol tolya",
    "ivan vanya",
    "olga olha volha olya",
    "yelena elena olena alena lena",
    "natalya natalia nataliya natallia natasha",
    "tatyana tatiana tetiana tetyana tatsiana tanya",
    "svetlana svitlana sviatlana sveta",
    "yekaterina ekaterina kateryna katsiaryna katya",
    "lyudmila ludmila liudmyla lyudmyla liudmila lyuda",
    "galina halyna halina galya",
    "irina iryna ira",
    "nadezhda nadiya nadiia nadzeya nadya",
    "vera vira",
    "yuliya yulia yuliia iuliia yulya",
    "mariya maria mariia masha",
    "darya daria dariia dasha",
    "anastasiya anastasia anastasiia nastya",
    "yelizaveta elizaveta yelyzaveta",
    "kseniya ksenia kseniia ksyusha",
    # English nicknames.
    "william bill billy will willy",
    "robert bob bobby rob robbie",
    "richard dick rick ricky rich",
    "edward ed eddie ted ned",
    "james jim jimmy jamie",
    "john jack johnny",
    "thomas tom tommy",
    "charles charlie chuck",
    "michael mike mick mickey",
    "elizabeth liz lizzie beth betty bess",
    "margaret maggie meg peggy",
    "catherine katherine kathryn kate katie cathy kathy",
    "christopher chris",
    "christine christina chris",
    "anthony tony",
    "joseph joe joey",
    "daniel dan danny",
    "david dave davy",
    "henry harry hank",
    "harold harry hal",
    "patrick pat paddy",
    "patricia pat patty trish",
    "alexander alex",
    "alexandra alex",
    "nicholas nick nicky",
    "stephen steven steve",
    "samuel sam sammy",
    "samantha sam",
    "benjamin ben benny",
    "matthew matt",
    "andrew andy drew",
    "jonathan jon",
    "timothy tim timmy",
    "peter pete",
    "gregory greg",
    "jennifer jen jenny",
    "susan sue susie",
    "deborah debbie deb",
    "rebecca becky",
    "victoria vicky",
    "frederick fred freddie",
    "alfred alf fred",
    "albert al bert",
    "lawrence larry",
    "leonard len lenny",
    "ronald ron ronnie",
    "donald don donny",
    "raymond ray",
    "gerald gerry jerry",
    "kenneth ken kenny",
    "douglas doug",
    "philip phillip phil",
    "walter walt wally",
    "theodore ted teddy theo",
    "zachary zach zack",
    "abigail abby",
    "jessica jess jessie",
    "jacqueline jackie",
    "pamela pam",
    "barbara barb",
    "cynthia cindy",
    "judith judy",
    "kimberly kim",
    "nicole nikki",
    "teresa theresa terry tess",
    "virginia ginny",
    "josephine josie",
    "sarah sally",
    "mary molly polly",
    "eleanor ellie",
    "francis frank",
    "frances fran",
    "vincent vince",
    "jacob jake",
    "joshua josh",
    "nathaniel nathan nate",
    "isabel isabella bella",
    # Spanish hypocorisms.
    "jose pepe",
    "francisco paco pancho curro",
    "jesus chuy chucho",
    "ignacio nacho",
    "guadalupe lupe",
    "concepcion concha conchita",
    "guillermo memo",
    "eduardo lalo",
    "alberto beto",
    "roberto beto",
    "humberto beto",
    "enrique quique",
    "manuel manolo",
    "antonio tono",
    "rosario charo",
    "dolores lola",
    # Scriptural names in their Arabic, Hebrew and European forms.
    "yusuf yousef youssef yusef yousif yusif youcef youssouf joseph josef jozef giuseppe yosef",
    "ibrahim brahim abraham avraham",
    "musa moussa mousa moses moshe",
    "dawud daoud dawood daud david",
    "sulayman suleiman sulaiman sleiman slimane sliman solomon shlomo",
    "yaqub yacoub yaqoub jacob jakob yaakov",
    "ishaq isaac yitzhak itzhak",
    "ilyas elias elijah eliyahu",
    "yunus younes younis jonah jonas yona",
    "harun haroun haroon aaron aharon",
    "ayyub ayoub ayub job",
    "zakariya zakaria zakariyya zachary zacharias",
    "maryam mariam miriam mary",
    "isa issa aissa jesus",
    "ismail ismael smail",
    # Arabic names as Algerian, Moroccan and Tunisian papers write them, in French spelling
    # (c for s, ch for sh, ou for u and w, the article fused): a traveller's passport has
    # *Hocine*, *Youcef*, *Brahim*, *Lahcen* where a list made in English has *Hussein*,
    # *Yusuf*, *Ibrahim*, *Hassan*. Letters alone rate *Hocine* / *Hussein* 0.56.
    "husayn hussein hussain husein hossein hocine houcine",
    "hasan hassan hacene lahcen lahcene",
    "yasin yassin yassine yacine",
    "aisha aicha",
    "walid oualid",
    "wassim ouassim",
    "sharif cherif",
    "arabi larbi",
    "akhdar lakhdar",
)


def groups() -> tuple[tuple[str, ...], ...]:
    """Each name's forms (folded spellings); a nickname of several names is in each group."""
    return tuple(tuple(group.split()) for group in _GROUPS)


_LOOSE = (("kh", "h"), ("ph", "f"), ("x", "ks"), ("w", "v"), ("y", "i"), ("j", "i"))


@lru_cache(maxsize=100_000)
def loose(spelling: str) -> str:
    """A folded spelling with the letters romanisations trade for one another made one
    (*y*/*j*/*i*, *kh*/*h*, *w*/*v*, *x*/*ks*, *ph*/*f*) and doubled letters single, so that
    a listed form also stands for its other romanisations: the Cyrillic Микола reads
    *mikola* when nothing in it is Ukrainian, the Latin passport has *Mykola*."""
    for a, b in _LOOSE:
        spelling = spelling.replace(a, b)
    return "".join(c for i, c in enumerate(spelling) if i == 0 or c != spelling[i - 1])


@lru_cache(maxsize=1)
def _partners() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """For every listed form, loosely spelled (``loose``): the other forms of its name(s),
    loosely spelled and as listed."""
    loosely: dict[str, set[str]] = {}
    listed: dict[str, set[str]] = {}
    for forms in groups():
        keys = {loose(f) for f in forms}
        for form in forms:
            key = loose(form)
            loosely.setdefault(key, set()).update(k for k in keys if k != key)
            listed.setdefault(key, set()).update(f for f in forms if loose(f) != key)
    return {k: (frozenset(loosely[k]), frozenset(listed[k])) for k in loosely}


_NONE: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())


def other_forms(spelling: str) -> frozenset[str]:
    """The listed spellings of this folded given name's other forms (empty if none)."""
    return _partners().get(loose(spelling), _NONE)[1]


def same_name(a: str, b: str) -> bool:
    """Are two folded spellings forms of one given name (a nickname, another language's)?
    Each may be any romanisation of a listed form (``loose``)."""
    return loose(b) in _partners().get(loose(a), _NONE)[0]
