"""The event decision: which words are triggers and who did what to whom.

`lexicon` (trigger words and phrases per PLOVER type), `actors` (actor phrases
resolved through the knowledge base), `arguments` (source and target from the
dependency parse), `modality` (negation, future, threats, mere mentions) and
`events` (`EventCoder`, which puts them together per sentence) read in this
order. `lookup` runs the actor rules on one phrase for `herald kb lookup`.

The coders get the knowledge base and the lexicon through their constructors;
nothing here reads files except `lexicon.load_lexicon`.
"""
