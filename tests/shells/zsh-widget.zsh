# Sourced by the interactive zsh that zsh-complete.zsh types into: loads the completion system
# and the csv-kernels script, binds Tab to completion and records what each completion offers.
#   ZC_LOAD=fpath    the script is $ZC_SCRIPT_DIR/_csv-kernels on $fpath (how it is installed)
#   ZC_LOAD=source   the script file $ZC_SCRIPT is sourced after compinit
PS1='' RPS1='' PROMPT_EOL_MARK=''
[[ $ZC_LOAD == fpath ]] && fpath=($ZC_SCRIPT_DIR $fpath)
autoload -Uz compinit && compinit -u -D
[[ $ZC_LOAD == source ]] && source $ZC_SCRIPT
bindkey '^I' complete-word
bindkey '^U' kill-whole-line
zstyle ':completion:*' insert-tab false

typeset -ga offered
integer completions=0
# Every word a completion function adds passes through compadd. Calls with -O, -A or -D only
# ask which words would match (_arguments and _describe make them): those are passed on.
compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
  local -a matched
  builtin compadd -A matched "$@"   # the words that match what is typed so far
  offered+=("$matched[@]")
  builtin compadd "$@"
}
# Called once each completion has run: writes the words, then leaves the line unchanged and
# lists nothing, so the next line starts clean.
report() {
  print -rl -- $offered >$ZC_OUT.part && mv $ZC_OUT.part $ZC_OUT.$(( ++completions ))
  offered=()
  compstate[insert]='' compstate[list]=''
  comppostfuncs=(report)   # _main_complete empties the list before each call
}
comppostfuncs=(report)
