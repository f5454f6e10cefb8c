"""Ordinary English words, which a formula never spells: the prose rule (``graders.reading.prose``) refuses
a formula reading that holds one.

Where the words come from: the most frequent words of written English of three letters or more (the
first few hundred of the usual frequency lists: articles, pronouns, prepositions, auxiliaries, common
verbs, number words), and the words seen in students' and models' answers to math questions, in chat
exports and their PDFs ("scales linearly", "independent of", "consistent with the multi-output case",
"the answer is", "x equals two").  Words that are also names in formulas are left out on purpose:
function names (max, min, sign, round, floor, root, sum, product, limit, norm, mean, trace, factor,
simplify, solve), Maxima's keywords (true, false, odd, even, integer, real, assume, implies) and units
(second, minutes, hours, meters, degrees); the prose rule also never counts Greek names, the names in
the readers' function tables, or a problem's declared names.  ``CONNECTIVES`` join formulas into
conditions, lists and cases ("x \\text{ for all } x > 0", "6 \\text{ and } 8"): they are words, but
never make prose on their own.
"""
from __future__ import annotations

__all__ = ["CONNECTIVES", "ENGLISH_WORDS"]

CONNECTIVES = frozenset("""
and not for all any each every some when whenever where wherever with then else otherwise such that iff
exists there given only unless
""".split())

_FUNCTION_WORDS = """
the this these those here their theirs them they you your yours she her hers him his its our ours
who whom whose which what why how whatever however whoever itself themselves ourselves myself yourself
himself herself are was were been being have has had having does did doing done will would can could should
shall may might must but yet also just very too more most less least much many few other others
another same both either neither because since though although while whilst until whether thus hence
therefore into onto over under above below about after before between through during without within upon
across along around against among beside besides beyond toward towards near off down out per via let lets
say says said put puts get gets got give gave make makes made take takes took taken see seen saw use
used uses using find finds found know knows known think thinks thought come comes came way ways like well
now again once twice already always never often sometimes still instead rather whereas whereby
namely indeed actually really simply clearly obviously basically essentially generally usually overall
moreover furthermore additionally similarly likewise respectively specifically particular general okay sure
yes please thanks thank sorry doesn don isn aren wasn weren won didn hasn haven hadn wouldn couldn
shouldn etc
"""

_NUMBER_WORDS = """
one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred thousand
million billion zero half third fourth fifth quarter double triple first last next final finally initial
"""

_ANSWER_WORDS = """
answer answers result results solution solutions value values expression expressions formula formulas case
cases output outputs input inputs multi single linear linearly quadratic quadratically cubic cubically
constant constants independent independently dependent dependence dependency depend depends depending
consistent inconsistent expected expectation squared cubed square cube variance derivative derivatives
integral integrals gradient gradients function functions vector vectors dimension dimensions dimensional
width depth layer layers weight weights feature features network networks model models approximately roughly
exactly nearly almost order orders times plus minus divided total number numbers count positive negative
nonnegative nonzero size sizes scale scales scaled scaling rate rates grow grows growing grew growth
proportional proportionally inversely directly exponentially exponential logarithmic logarithmically
polynomial polynomially asymptotic asymptotically bounded bound bounds upper lower infinite finite large
small larger smaller largest smallest greater greatest bigger biggest maximum minimum average sample samples
random variable variables parameter parameters coefficient coefficients probability probabilities
distribution distributions standard deviation matrices entries entry element elements row rows column
columns diagonal identity point points interval intervals domain range sets different differs difference
differences quotient ratio fraction fractions roots equation equations inequality inequalities method methods
step steps part parts question questions problem problems example examples form forms closed line lines side
sides left right hand correct incorrect wrong
equals equal equaling equaled equalled gives yields yield becomes become becoming remains remain stays stay
holds hold goes going increases increase increasing decreases decrease decreasing doubles halves multiply
multiplied multiplying divide dividing divides add added adding subtract subtracted subtracting simplified
simplifying compute computed computing calculate calculated calculating evaluate evaluated evaluating
substitute substituting substituted plug plugging plugged getting obtained obtain obtains solved solving
show shows shown prove proves proved proven imply implied means meaning note notice recall assuming
assumed suppose supposing consider considering denote denotes denoted define defined defines defining write
written writes wrote read reads expect expecting check checked checking verify verified follows follow
following followed applies applied applying tends tend tending approaches approaching converges converge
diverges vanishes vanish matches match matching agrees agree fits works work worked exist satisfies satisfy
satisfied explanation reason simplest exact approximate approximation estimate unbiased biased bias
"""

ENGLISH_WORDS = frozenset((_FUNCTION_WORDS + _NUMBER_WORDS + _ANSWER_WORDS).split()) | CONNECTIVES
