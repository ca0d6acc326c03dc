# Shared by the layer rules (PlumageQtFree, PlumageLayers): the first
# #include line under `dir` (C++ sources and headers) matching `regex`.
include_guard(GLOBAL)

# Sets out_file/out_line to the first offending file and its include line,
# or to "" when none matches.
function(plumage_find_include dir regex out_file out_line)
  file(GLOB_RECURSE files "${dir}/*.h" "${dir}/*.hpp" "${dir}/*.cpp" "${dir}/*.cc")
  foreach(f ${files})
    file(STRINGS "${f}" hits REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]${regex}")
    if(hits)
      list(GET hits 0 first)
      set(${out_file} "${f}" PARENT_SCOPE)
      set(${out_line} "${first}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  set(${out_file} "" PARENT_SCOPE)
  set(${out_line} "" PARENT_SCOPE)
endfunction()
