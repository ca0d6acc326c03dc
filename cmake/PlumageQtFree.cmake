# Enforces "core/ never touches Qt" at configure time.
#
# plumage_core_library(name ...) registers a target as core; at the end of
# configuration plumage_assert_core_qt_free() walks the link closure of every
# registered target and scans the sources under core/ for Qt includes, and
# stops with FATAL_ERROR if either finds Qt.

include(PlumageIncludeScan)

set_property(GLOBAL PROPERTY PLUMAGE_CORE_TARGETS "")

function(plumage_register_core target)
  set_property(GLOBAL APPEND PROPERTY PLUMAGE_CORE_TARGETS ${target})
endfunction()

function(_plumage_collect_links target out_var)
  set(seen "")
  set(queue ${target})
  while(queue)
    list(POP_FRONT queue t)
    if(t IN_LIST seen)
      continue()
    endif()
    list(APPEND seen ${t})
    if(TARGET ${t})
      get_target_property(aliased ${t} ALIASED_TARGET)
      if(aliased)
        list(APPEND queue ${aliased})
      endif()
      get_target_property(type ${t} TYPE)
      set(props INTERFACE_LINK_LIBRARIES)
      if(NOT type STREQUAL "INTERFACE_LIBRARY")
        list(APPEND props LINK_LIBRARIES)
      endif()
      foreach(p ${props})
        get_target_property(libs ${t} ${p})
        if(libs)
          foreach(l ${libs})
            # Strip generator expressions such as $<LINK_ONLY:x>.
            string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" l "${l}")
            list(APPEND queue ${l})
          endforeach()
        endif()
      endforeach()
    endif()
  endwhile()
  set(${out_var} ${seen} PARENT_SCOPE)
endfunction()

function(plumage_check_target_qt_free target)
  _plumage_collect_links(${target} links)
  foreach(l ${links})
    if(l MATCHES "^Qt[0-9]*::" OR l MATCHES "(^|/)libQt[0-9]")
      message(FATAL_ERROR
        "core/ must stay Qt-free: core target '${target}' links Qt ('${l}'); "
        "move the Qt-dependent code to ui/.")
    endif()
  endforeach()
endfunction()

function(plumage_check_sources_qt_free dir)
  plumage_find_include("${dir}" "(Q[A-Z][A-Za-z]*|Qt[A-Za-z]*/)" f first)
  if(f)
    message(FATAL_ERROR "core/ must stay Qt-free: ${f} includes Qt (${first}).")
  endif()
endfunction()

function(plumage_assert_core_qt_free)
  get_property(targets GLOBAL PROPERTY PLUMAGE_CORE_TARGETS)
  foreach(t ${targets})
    plumage_check_target_qt_free(${t})
  endforeach()
  if(EXISTS "${PROJECT_SOURCE_DIR}/core")
    plumage_check_sources_qt_free("${PROJECT_SOURCE_DIR}/core")
  endif()
endfunction()
