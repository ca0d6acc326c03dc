# Enforces "one door": the GUI (ui/, app/gui) and the CLI (app/cli) reach the
# training engine only through core/experiment (and core/data, core/features,
# core/llm for their own jobs). At configure time:
#   - no source under the given folders includes an engine header
#     (core/engine/..., engine/...) or LibTorch (torch/, ATen/, c10/);
#   - the given targets do not link plumage_engine or LibTorch directly, and
#     nothing they link passes the engine's include paths on to them, so the
#     UI and the CLI compile without LibTorch headers.
# A violation stops configuration with a message naming the file or target.

include(PlumageIncludeScan)

function(plumage_check_sources_facade_only dir)
  plumage_find_include("${dir}" "(core/engine/|engine/|torch/|ATen/|c10/)" f first)
  if(f)
    message(FATAL_ERROR
      "ui/ and app/ reach the engine only through core/experiment: ${f} includes an engine or "
      "LibTorch header (${first}); add what it needs to core/experiment's facade instead.")
  endif()
endfunction()

# True when `lib` names the engine or LibTorch.
function(_plumage_is_engine lib out_var)
  set(hit FALSE)
  if(lib MATCHES "^plumage_engine$" OR lib MATCHES "(^|/)(lib)?(torch|torch_cpu|torch_cuda|torch_library|c10)(\\.|$)"
     OR lib MATCHES "^torch$")
    set(hit TRUE)
  endif()
  set(${out_var} ${hit} PARENT_SCOPE)
endfunction()

function(plumage_check_target_facade_only target)
  if(NOT TARGET ${target})
    return()
  endif()
  get_target_property(direct ${target} LINK_LIBRARIES)
  foreach(l ${direct})
    _plumage_is_engine("${l}" hit)
    if(hit)
      message(FATAL_ERROR
        "ui/ and app/ reach the engine only through core/experiment: target '${target}' links '${l}' directly.")
    endif()
  endforeach()
  # What compiles into the target: the usage requirements of what it links,
  # followed through INTERFACE_LINK_LIBRARIES (link-only entries carry none).
  set(seen "")
  set(queue ${direct})
  while(queue)
    list(POP_FRONT queue t)
    if(t IN_LIST seen OR t MATCHES "^\\$<LINK_ONLY:")
      continue()
    endif()
    list(APPEND seen ${t})
    _plumage_is_engine("${t}" hit)
    if(hit)
      message(FATAL_ERROR
        "ui/ and app/ must compile without LibTorch: target '${target}' gets '${t}' through what it links; "
        "link the engine PRIVATE in the core library that passes it on.")
    endif()
    if(TARGET ${t})
      get_target_property(libs ${t} INTERFACE_LINK_LIBRARIES)
      if(libs)
        list(APPEND queue ${libs})
      endif()
    endif()
  endwhile()
endfunction()
