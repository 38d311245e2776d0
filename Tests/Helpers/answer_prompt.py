"""Runs a command on a terminal of its own, waits for PROMPT to appear, types ANSWER and a
return, and prints everything the terminal showed; exits with the command's status.

    answer_prompt.py PROMPT ANSWER COMMAND [ARGUMENT...]
"""
import os
import pty
import sys

prompt, answer, command = sys.argv[1].encode(), sys.argv[2].encode(), sys.argv[3:]
pid, terminal = pty.fork()
if pid == 0:
    os.execvp(command[0], command)
shown, answered = b"", False
while True:
    try:
        chunk = os.read(terminal, 1024)
    except OSError:  # the command ended and closed the terminal
        break
    if not chunk:
        break
    shown += chunk
    if not answered and prompt in shown:
        os.write(terminal, answer + b"\n")
        answered = True
_, status = os.waitpid(pid, 0)
sys.stdout.write(shown.decode("utf-8", "replace"))
sys.exit(os.waitstatus_to_exitcode(status))
