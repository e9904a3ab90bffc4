# Screen tests (scripted dumps, tmux).
