"""Invented article texts for the dedup tests (written for this project; no real article is copied here).

Each text is one paragraph written out as adjacent string literals, so the source stays within the line length.
"""

from __future__ import annotations

# An invented report, and furniture a scraper might leave around a republished copy of it.
ORIGINAL = (
    "The city council of Northbridge voted on Tuesday to close the Elm Street bridge for eighteen months "
    "of repairs. Engineers told councillors that corrosion had weakened 14 of the bridge's 36 steel "
    "supports, and that heavy lorries had been banned since March. The repairs are expected to cost 12.5 "
    "million pounds, most of it paid by the regional transport fund. Council leader Maria Okafor said the"
    ' decision was painful but unavoidable. "We cannot ask people to drive across a structure our own '
    'engineers say is failing," she said. Local shop owners warned that the closure would cut trade on '
    "both banks of the river. A temporary footbridge will open in June, the council said, and buses will "
    "be diverted through the Station Road crossing. Work is due to start on 1 May and finish by the end "
    "of next year. The bridge, built in 1931, carries about 22,000 vehicles a day."
)

FURNITURE_TOP = "Subscribe to our newsletter\nWeather: 14 C, light rain\n"

FURNITURE_BOTTOM = "\nRead more local news\nShare this article\nAdvertisement"

# The same facts, names and numbers, in the same order, every sentence paraphrased.
REWRITE = (
    "On Tuesday, Northbridge city councillors decided to shut the Elm Street bridge for a year and a half"
    " so that it can be repaired. According to engineers, corrosion has damaged 14 out of 36 steel "
    "supports, and heavy lorries have not been allowed on the bridge since March. The regional transport "
    "fund will cover most of the 12.5 million pound cost of the repairs. Maria Okafor, who leads the "
    'council, called the choice painful but said there was no alternative. "Our engineers say the '
    'structure is failing, so we cannot ask residents to keep driving over it," Okafor said. Shopkeepers '
    "on both sides of the river fear the closure will hurt their trade. The council said a temporary "
    "footbridge would open in June and buses would be rerouted via the Station Road crossing. The work "
    "will begin on 1 May and should be completed by the end of next year. Built in 1931, the bridge is "
    "used by some 22,000 vehicles daily."
)

# Another reporter's account of the same vote: same names and key numbers, different selection and order.
INDEPENDENT = (
    "Shop owners in Northbridge say they fear for their livelihoods after the council closed the Elm "
    'Street bridge. "Half my customers come from the other bank," said baker Tom Ellis, whose shop has '
    "stood by the bridge for thirty years. The vote on Tuesday followed an engineers' report on corrosion"
    " in the steel supports. Council leader Maria Okafor defended the decision at a stormy public meeting"
    " on Wednesday evening. Residents asked why the problem had not been found earlier, and several "
    "called for an independent inspection. The council says the repairs will cost 12.5 million pounds and"
    " take eighteen months. Opposition councillors said the money should have been spent on maintenance "
    "years ago. A petition against the closure has gathered 3,400 signatures."
)

# A different story in the same words: a templated announcement with other names and figures.
TEMPLATE_A = (
    "Harbour Mutual Fund declared a quarterly dividend of 42 cents per share, unchanged from the prior "
    "quarter. The dividend is payable on 15 April to shareholders of record on 30 March, the company said"
    " in a statement. Harbour Mutual Fund said its net assets stood at 310 million dollars at the end of "
    "February, compared with 287 million dollars a year earlier. The fund invests mainly in municipal "
    "bonds issued in the northeastern states."
)

TEMPLATE_B = (
    "Lakeside Income Trust declared a quarterly dividend of 17 cents per share, unchanged from the prior "
    "quarter. The dividend is payable on 20 May to shareholders of record on 6 May, the company said in a"
    " statement. Lakeside Income Trust said its net assets stood at 95 million dollars at the end of "
    "April, compared with 81 million dollars a year earlier. The trust invests mainly in utility bonds "
    "issued in the midwestern states."
)

# A long appeal a cleaner might miss: a copy carrying it is much longer than the report it copies.
APPEAL = (
    "A message from the Northbridge Courier: dear readers, for twenty years we have covered the council, the courts "
    "and the river towns without a paywall, and we want to keep doing so for everyone who lives here. Printing, "
    "travel and hosting have all become more expensive, and advertising no longer pays for a reporter at every "
    "council meeting. If you value local reporting, please consider a regular gift of as little as three pounds a "
    "month, which takes about a minute to set up and can be cancelled at any time. Thank you for reading and for "
    "keeping independent local journalism alive in our part of the country."
)
