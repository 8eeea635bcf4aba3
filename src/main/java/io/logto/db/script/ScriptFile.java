package io.logto.db.script;

/** A raw script file: its name, a human description of where it was found, and its text. */
public record ScriptFile(String fileName, String location, String content) {}
