/// The record types, the hour reader and ``FileBytes`` live in MindfulJSON, the target that
/// confines byte-level reading; MindfulReport's own API speaks in those types, so every file of
/// this module and every client of it sees them without importing MindfulJSON itself.
@_exported import MindfulJSON
