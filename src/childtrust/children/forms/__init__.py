"""The children app's forms, one module per part: they check the shape of what is typed; the
services hold the rules, and their messages reach the same error summary."""
